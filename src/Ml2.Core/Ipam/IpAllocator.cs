using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Ipam;

/// <summary>
/// Fixed IP allocation through the store's id pools (one pool <c>ip:{subnetId}</c> per subnet, ids as in
/// <see cref="IpPoolMapping"/>), following Neutron's pluggable IPAM backend (neutron/db/ipam_pluggable_backend.py,
/// ipam_backend_mixin.py, ipam/drivers/neutrondb_ipam):
/// <list type="bullet">
/// <item>No fixed IPs requested (<c>null</c>): one address from the IPv4 subnets - the first, in the given subnet
/// order, that still has a free address - and likewise one from the IPv6 subnets. (Neutron's
/// <c>_allocate_ips_for_port</c> asks one address of the v4 group and one of the stateful-v6 group; only SLAAC /
/// DHCPv6-stateless subnets, which this model does not have, get an address each.) A group whose subnets are all
/// full fails with <see cref="IpAddressGenerationFailureException"/>. A network without subnets gives no addresses.</item>
/// <item>An empty list: no addresses.</item>
/// <item>Explicit requests are validated completely before anything is reserved: subnet on the network, address
/// parsable and valid on the subnet (in the CIDR; not the IPv4 network/broadcast address of a /30-or-shorter subnet;
/// not the IPv6 subnet-router anycast address unless a router port), not the gateway unless a router port (stricter
/// than Neutron), no duplicates, and free (else <see cref="AddressInUseException.Ip"/>). An address outside the
/// allocation pools but inside the CIDR is allowed, as in Neutron.</item>
/// <item>Specific addresses are reserved before "any address" requests (as Neutron sorts them), so a random pick never
/// takes an address asked for explicitly. Addresses are random among the free ones in the pools.</item>
/// <item>When anything fails after reservations were made, the reservations of this call are released again before
/// the exception propagates (the transaction rollback would undo them anyway).</item>
/// </list>
/// Stateless and thread-safe; every call works in the caller's transaction.
/// </summary>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A DI singleton; callers use it through an injected instance.")]
internal sealed class IpAllocator
{
    /// <summary>
    /// Device owners that may take a subnet's gateway and the IPv6 subnet-router anycast address (neutron-lib's
    /// ROUTER_PORT_OWNERS).
    /// </summary>
    public static readonly FrozenSet<string> RouterPortOwners = new[]
    {
        "network:router_interface",
        "network:ha_router_replicated_interface",
        "network:router_interface_distributed",
        "network:router_centralized_snat",
        "network:router_gateway",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly int[] s_versions = [4, 6];

    /// <summary>Creates (or re-configures) the subnet's pool from its allocation pools.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="subnet">The subnet (validated).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the pool is configured.</returns>
    public ValueTask CreatePoolAsync(IMl2Transaction transaction, Subnet subnet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(subnet);
        return transaction.Pools.ConfigurePoolAsync(IpPoolMapping.PoolName(subnet.Id), IpPoolMapping.RangesFor(subnet), cancellationToken);
    }

    /// <summary>Deletes the subnet's pool with every allocation in it.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="subnet">The subnet.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the pool is gone.</returns>
    public ValueTask DeletePoolAsync(IMl2Transaction transaction, Subnet subnet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(subnet);
        return transaction.Pools.DeletePoolAsync(IpPoolMapping.PoolName(subnet.Id), cancellationToken);
    }

    /// <summary>Allocates the fixed IPs of a new port (see the class remarks); the port's device owner is unknown.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network.</param>
    /// <param name="networkSubnets">Every subnet of the network, in preference order (creation order).</param>
    /// <param name="requested">The requested fixed IPs; null = the default, an empty list = none.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The allocated fixed IPs, in request order (default: IPv4 then IPv6).</returns>
    public ValueTask<IReadOnlyList<FixedIp>> AllocateAsync(
        IMl2Transaction transaction,
        string networkId,
        IReadOnlyList<Subnet> networkSubnets,
        IReadOnlyList<FixedIpRequest>? requested,
        CancellationToken cancellationToken = default) =>
        AllocateAsync(transaction, networkId, networkSubnets, requested, null, cancellationToken);

    /// <summary>Allocates the fixed IPs of a new port (see the class remarks).</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network.</param>
    /// <param name="networkSubnets">Every subnet of the network, in preference order (creation order).</param>
    /// <param name="requested">The requested fixed IPs; null = the default, an empty list = none.</param>
    /// <param name="deviceOwner">The port's device owner; router ports may take the gateway address.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The allocated fixed IPs, in request order (default: IPv4 then IPv6).</returns>
    /// <exception cref="InvalidInputException">A request is invalid.</exception>
    /// <exception cref="AddressInUseException">A requested address is in use.</exception>
    /// <exception cref="IpAddressGenerationFailureException">A subnet (or every subnet of a version) is full.</exception>
    public async ValueTask<IReadOnlyList<FixedIp>> AllocateAsync(
        IMl2Transaction transaction,
        string networkId,
        IReadOnlyList<Subnet> networkSubnets,
        IReadOnlyList<FixedIpRequest>? requested,
        string? deviceOwner,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        ArgumentNullException.ThrowIfNull(networkSubnets);
        var subnets = networkSubnets.Select(IpamSubnet.Of).ToArray();

        if (requested is null)
        {
            return await AllocateDefaultAsync(transaction, networkId, subnets, cancellationToken).ConfigureAwait(false);
        }

        var addresses = ParseRequests(requested);
        await CheckNamedSubnetsExistAsync(transaction, subnets, requested, cancellationToken).ConfigureAwait(false);
        var plans = new PlannedFixedIp[requested.Count];
        for (var i = 0; i < requested.Count; i++)
        {
            plans[i] = Resolve(networkId, subnets, requested[i], addresses[i], deviceOwner);
        }

        return await ReserveAsync(transaction, networkId, plans, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases fixed IPs (a fixed IP of a subnet not in <paramref name="subnets"/> is skipped, as in Neutron).</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="subnets">The subnets the addresses belong to (normally every subnet of the port's network).</param>
    /// <param name="fixedIps">The fixed IPs.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>A task that completes when the addresses are free.</returns>
    public async ValueTask ReleaseAsync(
        IMl2Transaction transaction,
        IReadOnlyList<Subnet> subnets,
        IEnumerable<FixedIp> fixedIps,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(subnets);
        ArgumentNullException.ThrowIfNull(fixedIps);
        var byId = new Dictionary<string, IpamSubnet>(StringComparer.Ordinal);
        foreach (var subnet in subnets)
        {
            byId.TryAdd(subnet.Id, IpamSubnet.Of(subnet));
        }

        foreach (var fixedIp in fixedIps)
        {
            if (byId.TryGetValue(fixedIp.SubnetId, out var subnet)
                && IpAddressMath.TryParseAddress(fixedIp.IpAddress, out var address, out _)
                && subnet.Cidr.Contains(address)
                && IpPoolMapping.TryToId(subnet.Cidr, IpAddressMath.ToUInt128(address), out var id))
            {
                await transaction.Pools.ReleaseAsync(subnet.Pool, id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Changes a port's fixed IPs (see the other overload); the port's device owner is unknown.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network.</param>
    /// <param name="networkSubnets">Every subnet of the network, in preference order.</param>
    /// <param name="current">The port's current fixed IPs.</param>
    /// <param name="requested">The requested fixed IPs; null = unchanged.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The port's new fixed IPs.</returns>
    public ValueTask<IReadOnlyList<FixedIp>> UpdateAsync(
        IMl2Transaction transaction,
        string networkId,
        IReadOnlyList<Subnet> networkSubnets,
        IReadOnlyList<FixedIp> current,
        IReadOnlyList<FixedIpRequest>? requested,
        CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, networkId, networkSubnets, current, requested, null, cancellationToken);

    /// <summary>
    /// Changes a port's fixed IPs the way Neutron's <c>_get_changed_ips_for_port</c> does: a requested address the port
    /// already has is kept; a subnet-only request is satisfied by an address the port already has on that subnet (not
    /// claimed by another entry); other requests are allocated; current addresses no entry claims are released.
    /// New requests are validated (and checked free) before anything changes; releases happen last.
    /// </summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network.</param>
    /// <param name="networkSubnets">Every subnet of the network, in preference order.</param>
    /// <param name="current">The port's current fixed IPs.</param>
    /// <param name="requested">The requested fixed IPs; null = unchanged, an empty list = release all.</param>
    /// <param name="deviceOwner">The port's device owner; router ports may take the gateway address.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The port's new fixed IPs, in request order.</returns>
    /// <exception cref="InvalidInputException">A request is invalid.</exception>
    /// <exception cref="AddressInUseException">A requested address is in use by another port.</exception>
    /// <exception cref="IpAddressGenerationFailureException">A subnet is full.</exception>
    public async ValueTask<IReadOnlyList<FixedIp>> UpdateAsync(
        IMl2Transaction transaction,
        string networkId,
        IReadOnlyList<Subnet> networkSubnets,
        IReadOnlyList<FixedIp> current,
        IReadOnlyList<FixedIpRequest>? requested,
        string? deviceOwner,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        ArgumentNullException.ThrowIfNull(networkSubnets);
        ArgumentNullException.ThrowIfNull(current);
        if (requested is null)
        {
            return [.. current];
        }

        var subnets = networkSubnets.Select(IpamSubnet.Of).ToArray();
        var addresses = ParseRequests(requested);
        await CheckNamedSubnetsExistAsync(transaction, subnets, requested, cancellationToken).ConfigureAwait(false);

        // Unclaimed current addresses, keyed by canonical text (current order kept for subnet matching).
        var unclaimed = new List<(string Key, FixedIp Ip)>(current.Count);
        foreach (var ip in current)
        {
            var key = IpAddressMath.TryParseAddress(ip.IpAddress, out var parsed, out _) ? IpAddressMath.Format(parsed) : ip.IpAddress;
            unclaimed.Add((key, ip));
        }

        var result = new FixedIp?[requested.Count];

        // Entries with an address first: keep the address if the port has it (on the requested subnet, if one is named).
        for (var i = 0; i < requested.Count; i++)
        {
            if (addresses[i] is not { } address)
            {
                continue;
            }

            var key = IpAddressMath.Format(address.Value, address.Version);
            var index = unclaimed.FindIndex(u => string.Equals(u.Key, key, StringComparison.Ordinal)
                && (requested[i].SubnetId is null || string.Equals(requested[i].SubnetId, u.Ip.SubnetId, StringComparison.Ordinal)));
            if (index >= 0)
            {
                result[i] = unclaimed[index].Ip;
                unclaimed.RemoveAt(index);
            }
        }

        // Then subnet-only entries: reuse an unclaimed address of the port on that subnet.
        for (var i = 0; i < requested.Count; i++)
        {
            if (addresses[i] is not null || requested[i].SubnetId is not { } subnetId)
            {
                continue;
            }

            var index = unclaimed.FindIndex(u => string.Equals(u.Ip.SubnetId, subnetId, StringComparison.Ordinal));
            if (index >= 0)
            {
                result[i] = unclaimed[index].Ip;
                unclaimed.RemoveAt(index);
            }
        }

        // Everything else is new: validate it all, then reserve.
        var newIndexes = new List<int>();
        var plans = new List<PlannedFixedIp>();
        for (var i = 0; i < requested.Count; i++)
        {
            if (result[i] is null)
            {
                newIndexes.Add(i);
                plans.Add(Resolve(networkId, subnets, requested[i], addresses[i], deviceOwner));
            }
        }

        var added = await ReserveAsync(transaction, networkId, plans, cancellationToken).ConfigureAwait(false);
        for (var j = 0; j < newIndexes.Count; j++)
        {
            result[newIndexes[j]] = added[j];
        }

        await ReleaseAsync(transaction, networkSubnets, unclaimed.Select(u => u.Ip), cancellationToken).ConfigureAwait(false);
        return result.Select(r => r!).ToArray();
    }

    /// <summary>Whether an address may be requested on a subnet (Neutron's <c>check_subnet_ip</c>).</summary>
    private static bool IsValidOnSubnet(IpamSubnet subnet, UInt128 value, int version, bool routerPort)
    {
        var cidr = subnet.Cidr;
        if (version != cidr.Version || !cidr.Contains(value))
        {
            return false;
        }

        if (cidr.HasIpv4NetworkAndBroadcast)
        {
            return value != cidr.First && value != cidr.Last;
        }

        return cidr.Version == 4 || routerPort || value != cidr.First || cidr.HostBits == 0;
    }

    /// <summary>
    /// neutron-lib's <c>validate_fixed_ips</c>, as Neutron's API layer runs it before the plugin: per entry, the address
    /// is valid and not repeated, and a <c>subnet_id</c> is a UUID (<c>HTTPBadRequest</c> on <c>fixed_ips</c>).
    /// </summary>
    /// <param name="requested">The requested fixed IPs, or null.</param>
    /// <exception cref="InvalidInputException">An entry is invalid.</exception>
    public static void ValidateRequests(IReadOnlyList<FixedIpRequest>? requested)
    {
        if (requested is null)
        {
            return;
        }

        _ = ParseRequests(requested);
        foreach (var request in requested)
        {
            if (request?.SubnetId is { } subnetId && !IsUuidLike(subnetId))
            {
                throw IpamErrors.SubnetIdNotUuid(subnetId);
            }
        }
    }

    /// <summary>Parses every requested address and refuses duplicates (neutron-lib <c>validate_fixed_ips</c>).</summary>
    private static (UInt128 Value, int Version)?[] ParseRequests(IReadOnlyList<FixedIpRequest> requested)
    {
        var result = new (UInt128 Value, int Version)?[requested.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requested.Count; i++)
        {
            var request = requested[i];
            if (request is null)
            {
                throw IpamErrors.FixedIpNeedsSubnetOrAddress();
            }

            if (request.IpAddress is not null)
            {
                var address = IpAddressMath.ParseAddress(request.IpAddress, "fixed_ips");
                if (!seen.Add(IpAddressMath.Format(address)))
                {
                    throw IpamErrors.DuplicateIp(request.IpAddress);
                }

                result[i] = (IpAddressMath.ToUInt128(address), IpAddressMath.VersionOf(address));
            }

        }

        return result;
    }

    /// <summary>oslo's <c>is_uuid_like</c> (hyphens, braces and a urn:uuid: prefix allowed).</summary>
    private static bool IsUuidLike(string value)
    {
        if (value.Length is 0 or > 64)
        {
            return false;
        }

        var text = value.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) ? value[9..] : value;
        text = text.Trim('{', '}').Replace("-", "", StringComparison.Ordinal);
        return text.Length == 32 && text.All(char.IsAsciiHexDigit);
    }

    /// <summary>
    /// A fixed IP naming a subnet that is not on the network: Neutron first looks the subnet up, so a subnet that does
    /// not exist at all is <c>SubnetNotFound</c> (404); one of another network is the InvalidInput of <see cref="Resolve"/>.
    /// </summary>
    private static async ValueTask CheckNamedSubnetsExistAsync(
        IMl2Transaction transaction, IpamSubnet[] subnets, IReadOnlyList<FixedIpRequest> requested, CancellationToken cancellationToken)
    {
        if (subnets.Length == 0)
        {
            return;
        }

        foreach (var request in requested)
        {
            if (request?.SubnetId is { } subnetId
                && !Array.Exists(subnets, s => string.Equals(s.Id, subnetId, StringComparison.Ordinal))
                && await transaction.Subnets.FindAsync(subnetId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new ResourceNotFoundException("Subnet", subnetId);
            }
        }
    }

    /// <summary>Finds and checks the subnet of one request (Neutron's <c>_get_subnet_for_fixed_ip</c>), plus the gateway rule.</summary>
    private static PlannedFixedIp Resolve(
        string networkId, IpamSubnet[] subnets, FixedIpRequest request, (UInt128 Value, int Version)? parsed, string? deviceOwner)
    {
        if (subnets.Length == 0)
        {
            throw IpamErrors.NetworkHasNoSubnets();
        }

        var routerPort = deviceOwner is not null && RouterPortOwners.Contains(deviceOwner);
        var address = parsed?.Value;
        var version = parsed?.Version ?? 0;
        IpamSubnet? subnet;
        if (request.SubnetId is { } subnetId)
        {
            subnet = Array.Find(subnets, s => string.Equals(s.Id, subnetId, StringComparison.Ordinal))
                ?? throw IpamErrors.SubnetNotOnNetwork(networkId, subnetId);
            if (address is { } a && !IsValidOnSubnet(subnet, a, version, routerPort))
            {
                throw IpamErrors.InvalidIpForSubnet(request.IpAddress!);
            }
        }
        else if (address is not { } a)
        {
            throw IpamErrors.FixedIpNeedsSubnetOrAddress();
        }
        else
        {
            subnet = Array.Find(subnets, s => IsValidOnSubnet(s, a, version, routerPort))
                ?? throw IpamErrors.InvalidIpForNetwork(request.IpAddress!);
        }

        if (address is not { } value)
        {
            return new PlannedFixedIp(subnet, null, 0);
        }

        if (subnet.Gateway == value && !routerPort)
        {
            throw IpamErrors.GatewayIpRequested(subnet.Cidr.FormatAddress(value), subnet.Id);
        }

        if (!IpPoolMapping.TryToId(subnet.Cidr, value, out var id))
        {
            throw IpamErrors.AddressNotTrackable(subnet.Cidr.FormatAddress(value), subnet.Cidr.ToString());
        }

        return new PlannedFixedIp(subnet, value, id);
    }

    /// <summary>Checks specific addresses free, reserves them, then allocates the "any address" ones; undoes on failure.</summary>
    private static async ValueTask<IReadOnlyList<FixedIp>> ReserveAsync(
        IMl2Transaction transaction, string networkId, IReadOnlyList<PlannedFixedIp> plans, CancellationToken cancellationToken)
    {
        var pools = transaction.Pools;
        foreach (var plan in plans)
        {
            if (plan.Address is not null
                && await pools.IsAllocatedAsync(plan.Subnet.Pool, plan.Id, cancellationToken).ConfigureAwait(false))
            {
                throw IpamErrors.IpAddressAlreadyAllocated(plan.AddressText!, plan.Subnet.Id);
            }
        }

        var result = new FixedIp[plans.Count];
        var reserved = new List<(string Pool, long Id)>(plans.Count);
        try
        {
            for (var i = 0; i < plans.Count; i++)
            {
                var plan = plans[i];
                if (plan.Address is not { } address)
                {
                    continue;
                }

                if (!await pools.TryReserveAsync(plan.Subnet.Pool, plan.Id, cancellationToken).ConfigureAwait(false))
                {
                    throw IpamErrors.IpAddressAlreadyAllocated(plan.AddressText!, plan.Subnet.Id);
                }

                reserved.Add((plan.Subnet.Pool, plan.Id));
                result[i] = plan.Subnet.ToFixedIp(address);
            }

            for (var i = 0; i < plans.Count; i++)
            {
                var plan = plans[i];
                if (plan.Address is not null)
                {
                    continue;
                }

                var id = await pools.AllocateRandomAsync(plan.Subnet.Pool, cancellationToken).ConfigureAwait(false)
                    ?? throw new IpAddressGenerationFailureException(networkId);
                reserved.Add((plan.Subnet.Pool, id));
                result[i] = plan.Subnet.ToFixedIp(IpPoolMapping.ToValue(plan.Subnet.Cidr, id));
            }
        }
        catch
        {
            await UndoAsync(pools, reserved).ConfigureAwait(false);
            throw;
        }

        return result;
    }

    /// <summary>One address of the IPv4 subnets and one of the IPv6 subnets, each from the first subnet with room.</summary>
    private static async ValueTask<IReadOnlyList<FixedIp>> AllocateDefaultAsync(
        IMl2Transaction transaction, string networkId, IpamSubnet[] subnets, CancellationToken cancellationToken)
    {
        var pools = transaction.Pools;
        var result = new List<FixedIp>(2);
        var reserved = new List<(string Pool, long Id)>(2);
        try
        {
            foreach (var version in s_versions)
            {
                var group = subnets.Where(s => s.Cidr.Version == version).ToArray();
                if (group.Length == 0)
                {
                    continue;
                }

                FixedIp? allocated = null;
                foreach (var subnet in group)
                {
                    if (await pools.AllocateRandomAsync(subnet.Pool, cancellationToken).ConfigureAwait(false) is { } id)
                    {
                        reserved.Add((subnet.Pool, id));
                        allocated = subnet.ToFixedIp(IpPoolMapping.ToValue(subnet.Cidr, id));
                        break;
                    }
                }

                result.Add(allocated ?? throw new IpAddressGenerationFailureException(networkId));
            }
        }
        catch
        {
            await UndoAsync(pools, reserved).ConfigureAwait(false);
            throw;
        }

        return result;
    }

    private static async ValueTask UndoAsync(IIdPoolRepository pools, List<(string Pool, long Id)> reserved)
    {
        for (var i = reserved.Count - 1; i >= 0; i--)
        {
            try
            {
                await pools.ReleaseAsync(reserved[i].Pool, reserved[i].Id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Best effort: the transaction rollback undoes the reservation anyway.
            }
        }
    }
}
