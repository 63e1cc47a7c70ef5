using Ml2.Contexts;
using Ml2.Exceptions;
using Ml2.Ipam;
using Ml2.Managers;
using Ml2.Model;
using Ml2.Storage;

namespace Ml2.Plugin;

internal sealed partial class Ml2Plugin
{
    public async ValueTask<Port> CreatePortAsync(CallerContext caller, PortCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        using var scope = Begin("create_port");
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);

            // Neutron's order: the project check and the attribute validators in the attribute map's order (400), then the policy (403).
            var tenant = InputValidation.Tenant(caller, request.TenantId);
            var name = InputValidation.Name("name", request.Name);
            InputValidation.Uuid("network_id", request.NetworkId);
            var mac = request.MacAddress is null ? null : MacAddresses.Normalize(request.MacAddress);
            FixedIpPlanner.ValidateRequests(request.FixedIps);
            var deviceId = InputValidation.Length("device_id", request.DeviceId, InputValidation.MaxNameLength) ?? "";
            var deviceOwner = InputValidation.Length("device_owner", request.DeviceOwner, InputValidation.MaxNameLength) ?? "";
            var host = InputValidation.Length("binding:host_id", request.HostId, InputValidation.MaxNameLength) ?? "";
            var vnicType = InputValidation.VnicType(request.VnicType);
            var profile = InputValidation.Profile(request.Profile);
            InputValidation.RequireAdmin(caller, !string.IsNullOrEmpty(request.HostId), "create_port:binding:host_id");
            InputValidation.RequireAdmin(caller, request.Profile is { Count: > 0 }, "create_port:binding:profile");
            _extensions.ValidateNames(request.ExtensionAttributes);
            InputValidation.Description(request.ExtensionAttributes);

            var id = NewId();
            var now = _time.GetUtcNow();
            var (network, port) = await TransactAsync("create_port", async transaction =>
            {
                var network = await LoadVisibleNetworkAsync(transaction, caller, request.NetworkId, cancellationToken).ConfigureAwait(false);
                var subnets = await transaction.Subnets.ListByNetworkAsync(network.Id, cancellationToken).ConfigureAwait(false);
                var macAddress = mac is null
                    ? await _macs.GenerateAsync(transaction, network.Id, cancellationToken).ConfigureAwait(false)
                    : await _macs.ReserveAsync(transaction, network.Id, mac, cancellationToken).ConfigureAwait(false);
                var fixedIps = await _ips.AllocateAsync(transaction, network.Id, subnets, request.FixedIps, deviceOwner, cancellationToken).ConfigureAwait(false);
                var created = new Port
                {
                    Id = id,
                    TenantId = tenant,
                    NetworkId = network.Id,
                    Name = name,
                    MacAddress = macAddress,
                    FixedIps = fixedIps,
                    DeviceId = deviceId,
                    DeviceOwner = deviceOwner,
                    AdminStateUp = request.AdminStateUp ?? true,
                    Status = ResourceStatus.Down,
                    RevisionNumber = 1,
                    Binding = host.Length == 0 && vnicType == VnicTypes.Normal && profile.Count == 0
                        ? PortBinding.Unbound
                        : new PortBinding { HostId = host, VnicType = vnicType, Profile = profile },
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                if (request.ExtensionAttributes is not null || _extensions.HasDrivers)
                {
                    created = created with
                    {
                        ExtensionAttributes = await _extensions.ProcessAsync(ResourceKind.Port, true, id, ExtensionAttributes.Empty, request.ExtensionAttributes, transaction, caller, cancellationToken).ConfigureAwait(false),
                    };
                }

                await transaction.Ports.AddAsync(created, cancellationToken).ConfigureAwait(false);
                var context = new Ml2PortContext(created, null, new Ml2NetworkContext(network, null, caller, transaction), caller, transaction, this);
                await _mechanisms.CallAsync(MechanismHooks.CreatePortPrecommit, context, cancellationToken).ConfigureAwait(false);
                return (network, created);
            }, cancellationToken).ConfigureAwait(false);

            try
            {
                var context = new Ml2PortContext(port, null, new Ml2NetworkContext(network, null, caller, null), caller, null, this);
                await _mechanisms.CallAsync(MechanismHooks.CreatePortPostcommit, context, cancellationToken).ConfigureAwait(false);
                port = await BindPortIfNeededAsync(caller, port, cancellationToken).ConfigureAwait(false);
            }
            catch (MechanismDriverException)
            {
                Log.CreatePostcommitFailedDeleting(_logger, MechanismHooks.CreatePortPostcommit.Name, "port", id);
                await CompensateAsync("port", id, () => DeletePortCoreAsync(CallerContext.Admin(caller.TenantId), id, compensating: true, CancellationToken.None)).ConfigureAwait(false);
                throw;
            }

            scope.Succeeded();
            return Visibility.View(caller, port);
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask<Port> GetPortAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(id);
        using var scope = Begin("get_port");
        try
        {
            InputValidation.ResourceId("id", id);
            var (port, network) = await ReadAsync(async tx =>
            {
                var port = await tx.Ports.FindAsync(id, cancellationToken).ConfigureAwait(false);
                var network = port is null ? null : await tx.Networks.FindAsync(port.NetworkId, cancellationToken).ConfigureAwait(false);
                return (port, network);
            }, cancellationToken).ConfigureAwait(false);
            if (port is null || !Visibility.CanSee(caller, port, network))
            {
                throw new ResourceNotFoundException("Port", id);
            }

            scope.Succeeded();
            return Visibility.View(caller, port);
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask<IReadOnlyList<Port>> ListPortsAsync(CallerContext caller, ListFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        using var scope = Begin("list_ports");
        try
        {
            ResourceFilters.Validate(ResourceKind.Port, filter);
            var (ports, networks) = await ReadAsync(async tx =>
                (await tx.Ports.ListAsync(cancellationToken).ConfigureAwait(false), await tx.Networks.ListAsync(cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
            var byId = networks.ToDictionary(n => n.Id, StringComparer.Ordinal);
            var visible = ports.Where(p => Visibility.CanSee(caller, p, byId.GetValueOrDefault(p.NetworkId))).Select(p => Visibility.View(caller, p));
            scope.Succeeded();
            return [.. ResourceFilters.Apply(visible, filter).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal)];
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask<Port> UpdatePortAsync(CallerContext caller, string id, PortUpdateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(request);
        using var scope = Begin("update_port");
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);

            InputValidation.ResourceId("id", id);
            var name = request.Name is null ? null : InputValidation.Name("name", request.Name);
            var mac = request.MacAddress is null ? null : MacAddresses.Normalize(request.MacAddress);
            FixedIpPlanner.ValidateRequests(request.FixedIps);
            InputValidation.Length("device_id", request.DeviceId, InputValidation.MaxNameLength);
            InputValidation.Length("device_owner", request.DeviceOwner, InputValidation.MaxNameLength);
            InputValidation.Length("binding:host_id", request.HostId, InputValidation.MaxNameLength);
            var vnicType = request.VnicType is null ? null : InputValidation.VnicType(request.VnicType);
            var profile = request.Profile is null ? null : InputValidation.Profile(request.Profile);
            InputValidation.RequireAdmin(caller, request.HostId is not null, "update_port:binding:host_id");
            InputValidation.RequireAdmin(caller, request.Profile is not null, "update_port:binding:profile");
            InputValidation.RequireAdmin(caller, request.MacAddress is not null, "update_port:mac_address");
            _extensions.ValidateNames(request.ExtensionAttributes);
            InputValidation.Description(request.ExtensionAttributes);

            var (network, original, updated) = await TransactAsync("update_port", async transaction =>
            {
                var (current, network) = await LoadPortForWriteAsync(transaction, caller, id, "update_port", cancellationToken).ConfigureAwait(false);
                var fixedIps = current.FixedIps;
                if (request.FixedIps is not null)
                {
                    var subnets = await transaction.Subnets.ListByNetworkAsync(network.Id, cancellationToken).ConfigureAwait(false);
                    fixedIps = await _ips.UpdateAsync(transaction, network.Id, subnets, current.FixedIps, request.FixedIps, request.DeviceOwner ?? current.DeviceOwner, cancellationToken).ConfigureAwait(false);
                }

                var macAddress = current.MacAddress;
                if (mac is not null && mac != current.MacAddress)
                {
                    if (!VifTypes.IsUnbound(current.Binding.VifType))
                    {
                        throw ConflictException.OfType(
                            "PortBound",
                            $"Unable to complete operation on port {id}, port is already bound, port type: {current.Binding.VifType}, old_mac {current.MacAddress}, new_mac {mac}.",
                            "mac_address",
                            mac);
                    }

                    macAddress = await _macs.ReserveAsync(transaction, network.Id, mac, cancellationToken).ConfigureAwait(false);
                    await _macs.ReleaseAsync(transaction, current.Id, current.MacAddress, cancellationToken).ConfigureAwait(false);
                }

                var binding = current.Binding;
                var host = request.HostId ?? binding.HostId;
                var vnic = vnicType ?? binding.VnicType;
                var newProfile = profile ?? binding.Profile;
                var bindingChanged = host != binding.HostId || vnic != binding.VnicType || !ExtensionAttributes.AreEqual(newProfile, binding.Profile);
                if (host != binding.HostId)
                {
                    RequireNoInactiveBinding(current, host);
                }

                var next = current with
                {
                    Name = name ?? current.Name,
                    MacAddress = macAddress,
                    FixedIps = fixedIps,
                    DeviceId = request.DeviceId ?? current.DeviceId,
                    DeviceOwner = request.DeviceOwner ?? current.DeviceOwner,
                    AdminStateUp = request.AdminStateUp ?? current.AdminStateUp,
                    Binding = bindingChanged ? new PortBinding { HostId = host, VnicType = vnic, Profile = newProfile } : binding,
                    Status = bindingChanged ? ResourceStatus.Down : current.Status,
                    RevisionNumber = current.RevisionNumber + 1,
                    UpdatedAt = _time.GetUtcNow(),
                    ExtensionAttributes = await _extensions.ProcessAsync(ResourceKind.Port, false, id, current.ExtensionAttributes, request.ExtensionAttributes, transaction, caller, cancellationToken).ConfigureAwait(false),
                };
                await transaction.Ports.UpdateAsync(next, current.RevisionNumber, cancellationToken).ConfigureAwait(false);
                var context = new Ml2PortContext(next, current, new Ml2NetworkContext(network, null, caller, transaction), caller, transaction, this);
                await _mechanisms.CallAsync(MechanismHooks.UpdatePortPrecommit, context, cancellationToken).ConfigureAwait(false);
                return (network, current, next);
            }, cancellationToken).ConfigureAwait(false);

            // Neutron: update_port_postcommit failures are logged; the update succeeds.
            var postcommit = new Ml2PortContext(updated, original, new Ml2NetworkContext(network, null, caller, null), caller, null, this);
            await _mechanisms.CallAsync(MechanismHooks.UpdatePortPostcommit, postcommit, cancellationToken).ConfigureAwait(false);
            var result = await BindPortIfNeededAsync(caller, updated, cancellationToken).ConfigureAwait(false);
            scope.Succeeded();
            return Visibility.View(caller, result);
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask DeletePortAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(id);
        using var scope = Begin("delete_port");
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            InputValidation.ResourceId("id", id);
            await DeletePortCoreAsync(caller, id, compensating: false, cancellationToken).ConfigureAwait(false);
            scope.Succeeded();
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    /// <summary>Deletes a port; <paramref name="compensating"/> (undoing a failed create) logs delete precommit failures instead of refusing.</summary>
    private async ValueTask DeletePortCoreAsync(CallerContext caller, string id, bool compensating, CancellationToken cancellationToken)
    {
        var (port, network) = await TransactAsync("delete_port", async transaction =>
        {
            var (current, network) = await LoadPortForWriteAsync(transaction, caller, id, "delete_port", cancellationToken).ConfigureAwait(false);
            await RemovePortInTransactionAsync(transaction, current, new Ml2NetworkContext(network, null, caller, transaction), caller, compensating, cancellationToken).ConfigureAwait(false);
            return (current, network);
        }, cancellationToken).ConfigureAwait(false);

        // Neutron: delete_port_postcommit failures are logged; the port stays deleted.
        var context = new Ml2PortContext(port, null, new Ml2NetworkContext(network, null, caller, null), caller, null, this);
        await _mechanisms.CallAsync(MechanismHooks.DeletePortPostcommit, context, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask RemovePortInTransactionAsync(IMl2Transaction transaction, Port port, Ml2NetworkContext network, CallerContext caller, bool compensating, CancellationToken cancellationToken)
    {
        await CallDeleteHookAsync(MechanismHooks.DeletePortPrecommit, new Ml2PortContext(port, null, network, caller, transaction, this), compensating, cancellationToken).ConfigureAwait(false);
        if (port.FixedIps.Count > 0)
        {
            var subnets = await transaction.Subnets.ListByNetworkAsync(port.NetworkId, cancellationToken).ConfigureAwait(false);
            await _ips.ReleaseAsync(transaction, subnets, port.FixedIps, cancellationToken).ConfigureAwait(false);
        }

        await _macs.ReleaseAsync(transaction, port.Id, port.MacAddress, cancellationToken).ConfigureAwait(false);
        await transaction.Ports.RemoveAsync(port.Id, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<(Port Port, Network Network)> LoadPortForWriteAsync(
        IMl2Transaction transaction, CallerContext caller, string id, string operation, CancellationToken cancellationToken)
    {
        var port = await transaction.Ports.FindAsync(id, cancellationToken).ConfigureAwait(false);
        var network = port is null ? null : await transaction.Networks.FindAsync(port.NetworkId, cancellationToken).ConfigureAwait(false);
        if (port is null || network is null || !Visibility.CanSee(caller, port, network))
        {
            throw new ResourceNotFoundException("Port", id);
        }

        if (!caller.IsAdmin && port.TenantId != caller.TenantId && network.TenantId != caller.TenantId)
        {
            throw new NotAuthorizedException(operation);
        }

        return (port, network);
    }
}
