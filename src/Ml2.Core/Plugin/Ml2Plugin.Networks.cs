using Ml2.Contexts;
using Ml2.Exceptions;
using Ml2.Managers;
using Ml2.Model;
using Ml2.Storage;

namespace Ml2.Plugin;

internal sealed partial class Ml2Plugin
{
    /// <summary>Device owners whose ports are deleted with their network instead of blocking the delete (Neutron's AUTO_DELETE_PORT_OWNERS).</summary>
    private static readonly HashSet<string> s_autoDeleteOwners = new(StringComparer.Ordinal) { DeviceOwners.Dhcp, "network:distributed", "network:floatingip_agent_gateway" };

    public async ValueTask<Network> CreateNetworkAsync(CallerContext caller, NetworkCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        using var scope = Begin("create_network");
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);

            // Neutron's order: the project check and the attribute validators (400) before the policy (403).
            var tenant = InputValidation.Tenant(caller, request.TenantId);
            var name = InputValidation.Name("name", request.Name);
            InputValidation.Mtu(request.Mtu);
            InputValidation.RequireAdmin(caller, request.Shared == true, "create_network:shared");
            InputValidation.RequireAdmin(caller, request.External == true, "create_network:router:external");
            InputValidation.RequireAdmin(caller, request.HasProviderAttributes, "create_network:provider:network_type");
            InputValidation.RequireAdmin(caller, request.Segments is not null, "create_network:segments");
            var requested = RequestedSegments(request);
            _extensions.ValidateNames(request.ExtensionAttributes);
            InputValidation.Description(request.ExtensionAttributes);

            var id = NewId();
            var now = _time.GetUtcNow();
            var network = await TransactAsync("create_network", async transaction =>
            {
                var reserved = await _types.ReserveNetworkSegmentsAsync(transaction, id, requested, request.External == true, cancellationToken).ConfigureAwait(false);
                var segments = new NetworkSegment[reserved.Count];
                for (var i = 0; i < reserved.Count; i++)
                {
                    segments[i] = ToNetworkSegment(id, reserved[i], i, isDynamic: false);
                }

                var maxMtu = _types.GetNetworkMaxMtu(segments);
                if (request.Mtu is { } mtu && mtu > maxMtu)
                {
                    throw new InvalidInputException("mtu", mtu, $"Requested MTU is too big, maximum is {maxMtu.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                }

                var created = new Network
                {
                    Id = id,
                    TenantId = tenant,
                    Name = name,
                    AdminStateUp = request.AdminStateUp ?? true,
                    Shared = request.Shared ?? false,
                    External = request.External ?? false,
                    Mtu = request.Mtu ?? maxMtu,
                    VlanTransparent = request.VlanTransparent ?? false,
                    Status = ResourceStatus.Active,
                    RevisionNumber = 1,
                    Segments = segments,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                created = created with
                {
                    ExtensionAttributes = await _extensions.ProcessAsync(ResourceKind.Network, true, id, ExtensionAttributes.Empty, request.ExtensionAttributes, transaction, caller, cancellationToken).ConfigureAwait(false),
                };
                await transaction.Networks.AddAsync(created, cancellationToken).ConfigureAwait(false);
                var context = new Ml2NetworkContext(created, null, caller, transaction);
                _mechanisms.CheckVlanTransparency(context);
                await _mechanisms.CallAsync(MechanismHooks.CreateNetworkPrecommit, context, cancellationToken).ConfigureAwait(false);
                return created;
            }, cancellationToken).ConfigureAwait(false);

            try
            {
                await _mechanisms.CallAsync(MechanismHooks.CreateNetworkPostcommit, new Ml2NetworkContext(network, null, caller, null), cancellationToken).ConfigureAwait(false);
            }
            catch (MechanismDriverException)
            {
                Log.CreatePostcommitFailedDeleting(_logger, MechanismHooks.CreateNetworkPostcommit.Name, "network", id);
                await CompensateAsync("network", id, () => DeleteNetworkCoreAsync(caller, id, compensating: true, CancellationToken.None)).ConfigureAwait(false);
                throw;
            }

            scope.Succeeded();
            return Visibility.View(caller, network);
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask<Network> GetNetworkAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(id);
        using var scope = Begin("get_network");
        try
        {
            InputValidation.ResourceId("id", id);
            var network = await ReadAsync(tx => tx.Networks.FindAsync(id, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (network is null || !Visibility.CanSee(caller, network))
            {
                throw new ResourceNotFoundException("Network", id);
            }

            scope.Succeeded();
            return Visibility.View(caller, network);
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask<IReadOnlyList<Network>> ListNetworksAsync(CallerContext caller, ListFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        using var scope = Begin("list_networks");
        try
        {
            ResourceFilters.Validate(ResourceKind.Network, filter);
            var all = await ReadAsync(tx => tx.Networks.ListAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            var visible = all.Where(n => Visibility.CanSee(caller, n)).Select(n => Visibility.View(caller, n));
            scope.Succeeded();
            return [.. ResourceFilters.Apply(visible, filter).OrderBy(n => n.CreatedAt).ThenBy(n => n.Id, StringComparer.Ordinal)];
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask<Network> UpdateNetworkAsync(CallerContext caller, string id, NetworkUpdateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(request);
        using var scope = Begin("update_network");
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);

            InputValidation.ResourceId("id", id);
            var name = request.Name is null ? null : InputValidation.Name("name", request.Name);
            InputValidation.Mtu(request.Mtu);
            InputValidation.RequireAdmin(caller, request.Shared is not null, "update_network:shared");
            InputValidation.RequireAdmin(caller, request.External is not null, "update_network:router:external");
            InputValidation.RequireAdmin(caller, request.NetworkType is not null || request.PhysicalNetwork is not null || request.SegmentationId is not null, "update_network:provider:network_type");
            _extensions.ValidateNames(request.ExtensionAttributes);
            InputValidation.Description(request.ExtensionAttributes);

            var (original, updated) = await TransactAsync("update_network", async transaction =>
            {
                var current = await LoadNetworkForWriteAsync(transaction, caller, id, "update_network", cancellationToken).ConfigureAwait(false);
                var segments = await UpdateProviderSegmentAsync(transaction, current, request, cancellationToken).ConfigureAwait(false);
                var maxMtu = _types.GetNetworkMaxMtu(segments);
                if (request.Mtu is { } mtu && mtu > maxMtu)
                {
                    throw new InvalidInputException("mtu", mtu, $"Requested MTU is too big, maximum is {maxMtu.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                }

                var next = current with
                {
                    Name = name ?? current.Name,
                    AdminStateUp = request.AdminStateUp ?? current.AdminStateUp,
                    Shared = request.Shared ?? current.Shared,
                    External = request.External ?? current.External,
                    Mtu = request.Mtu ?? current.Mtu,
                    Segments = segments,
                    RevisionNumber = current.RevisionNumber + 1,
                    UpdatedAt = _time.GetUtcNow(),
                    ExtensionAttributes = await _extensions.ProcessAsync(ResourceKind.Network, false, id, current.ExtensionAttributes, request.ExtensionAttributes, transaction, caller, cancellationToken).ConfigureAwait(false),
                };
                await transaction.Networks.UpdateAsync(next, current.RevisionNumber, cancellationToken).ConfigureAwait(false);
                await _mechanisms.CallAsync(MechanismHooks.UpdateNetworkPrecommit, new Ml2NetworkContext(next, current, caller, transaction), cancellationToken).ConfigureAwait(false);
                return (current, next);
            }, cancellationToken).ConfigureAwait(false);

            // Neutron: update_network_postcommit failures reach the caller, and the committed change stays.
            await _mechanisms.CallAsync(MechanismHooks.UpdateNetworkPostcommit, new Ml2NetworkContext(updated, original, caller, null), cancellationToken).ConfigureAwait(false);
            scope.Succeeded();
            return Visibility.View(caller, updated);
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask DeleteNetworkAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(id);
        using var scope = Begin("delete_network");
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            InputValidation.ResourceId("id", id);
            await DeleteNetworkCoreAsync(caller, id, compensating: false, cancellationToken).ConfigureAwait(false);
            scope.Succeeded();
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    /// <summary>Deletes a network; <paramref name="compensating"/> (undoing a failed create) logs delete precommit failures instead of refusing.</summary>
    private async ValueTask DeleteNetworkCoreAsync(CallerContext caller, string id, bool compensating, CancellationToken cancellationToken)
    {
        var (network, ports, subnets) = await TransactAsync("delete_network", async transaction =>
        {
            var current = await LoadNetworkForWriteAsync(transaction, caller, id, "delete_network", cancellationToken).ConfigureAwait(false);
            var networkContext = new Ml2NetworkContext(current, null, caller, transaction);
            var ports = await transaction.Ports.ListByNetworkAsync(id, cancellationToken).ConfigureAwait(false);
            if (ports.Any(p => !s_autoDeleteOwners.Contains(p.DeviceOwner)))
            {
                throw ResourceInUseException.Network(id);
            }

            foreach (var port in ports)
            {
                await RemovePortInTransactionAsync(transaction, port, networkContext, caller, compensating, cancellationToken).ConfigureAwait(false);
            }

            var subnets = await transaction.Subnets.ListByNetworkAsync(id, cancellationToken).ConfigureAwait(false);
            foreach (var subnet in subnets)
            {
                await RemoveSubnetInTransactionAsync(transaction, subnet, networkContext, caller, compensating, cancellationToken).ConfigureAwait(false);
            }

            await CallDeleteHookAsync(MechanismHooks.DeleteNetworkPrecommit, networkContext, compensating, cancellationToken).ConfigureAwait(false);
            foreach (var segment in current.Segments)
            {
                await _types.ReleaseSegmentAsync(transaction, segment, cancellationToken).ConfigureAwait(false);
            }

            await transaction.Networks.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
            return (current, ports, subnets);
        }, cancellationToken).ConfigureAwait(false);

        var context = new Ml2NetworkContext(network, null, caller, null);
        foreach (var port in ports)
        {
            await _mechanisms.CallAsync(MechanismHooks.DeletePortPostcommit, new Ml2PortContext(port, null, context, caller, null), cancellationToken).ConfigureAwait(false);
        }

        foreach (var subnet in subnets)
        {
            await _mechanisms.CallAsync(MechanismHooks.DeleteSubnetPostcommit, new Ml2SubnetContext(subnet, null, context, caller, null), cancellationToken).ConfigureAwait(false);
        }

        await _mechanisms.CallAsync(MechanismHooks.DeleteNetworkPostcommit, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads a network the caller may change: invisible = not found, visible but not owned (shared) = not authorized.</summary>
    private static async ValueTask<Network> LoadNetworkForWriteAsync(IMl2Transaction transaction, CallerContext caller, string id, string operation, CancellationToken cancellationToken)
    {
        var network = await transaction.Networks.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (network is null || !Visibility.CanSee(caller, network))
        {
            throw new ResourceNotFoundException("Network", id);
        }

        if (!Visibility.Owns(caller, network))
        {
            throw new NotAuthorizedException(operation);
        }

        return network;
    }

    /// <summary>Loads a network the caller may attach to (own or shared).</summary>
    private static async ValueTask<Network> LoadVisibleNetworkAsync(IMl2Transaction transaction, CallerContext caller, string id, CancellationToken cancellationToken)
    {
        var network = await transaction.Networks.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (network is null || !Visibility.CanSee(caller, network))
        {
            throw new ResourceNotFoundException("Network", id);
        }

        return network;
    }
}
