using Ml2.Contexts;
using Ml2.Exceptions;
using Ml2.Ipam;
using Ml2.Managers;
using Ml2.Model;
using Ml2.Storage;

namespace Ml2.Plugin;

internal sealed partial class Ml2Plugin
{
    public async ValueTask<Subnet> CreateSubnetAsync(CallerContext caller, SubnetCreateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        using var scope = Begin("create_subnet");
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);

            // Neutron's order: the project check, then the attribute validators in the attribute map's order
            // (name, ip_version, network_id, cidr, gateway_ip, allocation_pools - the last ones in SubnetBuilder).
            var tenant = InputValidation.Tenant(caller, request.TenantId);
            InputValidation.Name("name", request.Name);
            SubnetBuilder.ValidateIpVersion(request.IpVersion);
            InputValidation.Uuid("network_id", request.NetworkId);
            _extensions.ValidateNames(request.ExtensionAttributes);
            InputValidation.Description(request.ExtensionAttributes);
            var now = _time.GetUtcNow();
            var candidate = SubnetBuilder.Build(request, NewId(), tenant, now);

            var (network, subnet) = await TransactAsync("create_subnet", async transaction =>
            {
                var network = await LoadNetworkForWriteAsync(transaction, caller, request.NetworkId, "create_subnet", cancellationToken).ConfigureAwait(false);
                var existing = await transaction.Subnets.ListByNetworkAsync(network.Id, cancellationToken).ConfigureAwait(false);
                SubnetBuilder.CheckOverlap(candidate, existing);
                var created = candidate with
                {
                    RevisionNumber = 1,
                    ExtensionAttributes = await _extensions.ProcessAsync(ResourceKind.Subnet, true, candidate.Id, ExtensionAttributes.Empty, request.ExtensionAttributes, transaction, caller, cancellationToken).ConfigureAwait(false),
                };
                await transaction.Subnets.AddAsync(created, cancellationToken).ConfigureAwait(false);
                await SubnetPools.ConfigureAsync(transaction, created, cancellationToken).ConfigureAwait(false);
                var context = new Ml2SubnetContext(created, null, new Ml2NetworkContext(network, null, caller, transaction), caller, transaction);
                await _mechanisms.CallAsync(MechanismHooks.CreateSubnetPrecommit, context, cancellationToken).ConfigureAwait(false);
                return (network, created);
            }, cancellationToken).ConfigureAwait(false);

            try
            {
                var context = new Ml2SubnetContext(subnet, null, new Ml2NetworkContext(network, null, caller, null), caller, null);
                await _mechanisms.CallAsync(MechanismHooks.CreateSubnetPostcommit, context, cancellationToken).ConfigureAwait(false);
            }
            catch (MechanismDriverException)
            {
                Log.CreatePostcommitFailedDeleting(_logger, MechanismHooks.CreateSubnetPostcommit.Name, "subnet", subnet.Id);
                await CompensateAsync("subnet", subnet.Id, () => DeleteSubnetCoreAsync(caller, subnet.Id, compensating: true, CancellationToken.None)).ConfigureAwait(false);
                throw;
            }

            scope.Succeeded();
            return subnet;
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask<Subnet> GetSubnetAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(id);
        using var scope = Begin("get_subnet");
        try
        {
            InputValidation.ResourceId("id", id);
            var (subnet, network) = await ReadAsync(async tx =>
            {
                var subnet = await tx.Subnets.FindAsync(id, cancellationToken).ConfigureAwait(false);
                var network = subnet is null ? null : await tx.Networks.FindAsync(subnet.NetworkId, cancellationToken).ConfigureAwait(false);
                return (subnet, network);
            }, cancellationToken).ConfigureAwait(false);
            if (subnet is null || !Visibility.CanSee(caller, subnet, network))
            {
                throw new ResourceNotFoundException("Subnet", id);
            }

            scope.Succeeded();
            return subnet;
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask<IReadOnlyList<Subnet>> ListSubnetsAsync(CallerContext caller, ListFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        using var scope = Begin("list_subnets");
        try
        {
            ResourceFilters.Validate(ResourceKind.Subnet, filter);
            var (subnets, networks) = await ReadAsync(async tx =>
                (await tx.Subnets.ListAsync(cancellationToken).ConfigureAwait(false), await tx.Networks.ListAsync(cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
            var byId = networks.ToDictionary(n => n.Id, StringComparer.Ordinal);
            var visible = subnets.Where(s => Visibility.CanSee(caller, s, byId.GetValueOrDefault(s.NetworkId)));
            scope.Succeeded();
            return [.. ResourceFilters.Apply(visible, filter).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask<Subnet> UpdateSubnetAsync(CallerContext caller, string id, SubnetUpdateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(request);
        using var scope = Begin("update_subnet");
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            InputValidation.ResourceId("id", id);
            var name = request.Name is null ? null : InputValidation.Name("name", request.Name);
            _extensions.ValidateNames(request.ExtensionAttributes);
            InputValidation.Description(request.ExtensionAttributes);

            var (network, original, updated) = await TransactAsync("update_subnet", async transaction =>
            {
                var (current, network) = await LoadSubnetForWriteAsync(transaction, caller, id, "update_subnet", cancellationToken).ConfigureAwait(false);
                var applied = SubnetBuilder.ApplyUpdate(current, request);
                var gateway = applied.GatewayIp;
                if (gateway is not null && gateway != current.GatewayIp)
                {
                    var ports = await transaction.Ports.ListByNetworkAsync(current.NetworkId, cancellationToken).ConfigureAwait(false);
                    if (ports.Any(p => p.FixedIps.Any(ip => ip.SubnetId == current.Id && ip.IpAddress == gateway)))
                    {
                        throw AddressInUseException.Ip(current.NetworkId, gateway);
                    }
                }

                var next = current with
                {
                    Name = name ?? current.Name,
                    GatewayIp = gateway,
                    EnableDhcp = applied.EnableDhcp,
                    RevisionNumber = current.RevisionNumber + 1,
                    UpdatedAt = _time.GetUtcNow(),
                    ExtensionAttributes = await _extensions.ProcessAsync(ResourceKind.Subnet, false, id, current.ExtensionAttributes, request.ExtensionAttributes, transaction, caller, cancellationToken).ConfigureAwait(false),
                };
                await transaction.Subnets.UpdateAsync(next, current.RevisionNumber, cancellationToken).ConfigureAwait(false);
                var context = new Ml2SubnetContext(next, current, new Ml2NetworkContext(network, null, caller, transaction), caller, transaction);
                await _mechanisms.CallAsync(MechanismHooks.UpdateSubnetPrecommit, context, cancellationToken).ConfigureAwait(false);
                return (network, current, next);
            }, cancellationToken).ConfigureAwait(false);

            // Neutron: update_subnet_postcommit failures reach the caller, and the committed change stays.
            var postcommit = new Ml2SubnetContext(updated, original, new Ml2NetworkContext(network, null, caller, null), caller, null);
            await _mechanisms.CallAsync(MechanismHooks.UpdateSubnetPostcommit, postcommit, cancellationToken).ConfigureAwait(false);
            scope.Succeeded();
            return updated;
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    public async ValueTask DeleteSubnetAsync(CallerContext caller, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(id);
        using var scope = Begin("delete_subnet");
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            InputValidation.ResourceId("id", id);
            await DeleteSubnetCoreAsync(caller, id, compensating: false, cancellationToken).ConfigureAwait(false);
            scope.Succeeded();
        }
        catch (Exception ex) when (scope.Failed(ex))
        {
            throw;
        }
    }

    /// <summary>Deletes a subnet; <paramref name="compensating"/> (undoing a failed create) logs delete precommit failures instead of refusing.</summary>
    private async ValueTask DeleteSubnetCoreAsync(CallerContext caller, string id, bool compensating, CancellationToken cancellationToken)
    {
        var (subnet, network) = await TransactAsync("delete_subnet", async transaction =>
        {
            var (current, network) = await LoadSubnetForWriteAsync(transaction, caller, id, "delete_subnet", cancellationToken).ConfigureAwait(false);
            var ports = await transaction.Ports.ListByNetworkAsync(current.NetworkId, cancellationToken).ConfigureAwait(false);
            if (ports.Any(p => p.FixedIps.Any(ip => ip.SubnetId == id)))
            {
                throw ResourceInUseException.Subnet(id);
            }

            await RemoveSubnetInTransactionAsync(transaction, current, new Ml2NetworkContext(network, null, caller, transaction), caller, compensating, cancellationToken).ConfigureAwait(false);
            return (current, network);
        }, cancellationToken).ConfigureAwait(false);

        var context = new Ml2SubnetContext(subnet, null, new Ml2NetworkContext(network, null, caller, null), caller, null);
        await _mechanisms.CallAsync(MechanismHooks.DeleteSubnetPostcommit, context, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask RemoveSubnetInTransactionAsync(IMl2Transaction transaction, Subnet subnet, Ml2NetworkContext network, CallerContext caller, bool compensating, CancellationToken cancellationToken)
    {
        await CallDeleteHookAsync(MechanismHooks.DeleteSubnetPrecommit, new Ml2SubnetContext(subnet, null, network, caller, transaction), compensating, cancellationToken).ConfigureAwait(false);
        await SubnetPools.DeleteAsync(transaction, subnet, cancellationToken).ConfigureAwait(false);
        await transaction.Subnets.RemoveAsync(subnet.Id, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<(Subnet Subnet, Network Network)> LoadSubnetForWriteAsync(
        IMl2Transaction transaction, CallerContext caller, string id, string operation, CancellationToken cancellationToken)
    {
        var subnet = await transaction.Subnets.FindAsync(id, cancellationToken).ConfigureAwait(false);
        var network = subnet is null ? null : await transaction.Networks.FindAsync(subnet.NetworkId, cancellationToken).ConfigureAwait(false);
        if (subnet is null || network is null || !Visibility.CanSee(caller, subnet, network))
        {
            throw new ResourceNotFoundException("Subnet", id);
        }

        if (!caller.IsAdmin && subnet.TenantId != caller.TenantId)
        {
            throw new NotAuthorizedException(operation);
        }

        return (subnet, network);
    }
}
