using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Ipam;

/// <summary>
/// Reserves and releases fixed IPs in the subnets' id pools (one pool <c>ip:{subnetId}</c> per subnet, ids as in
/// <see cref="IpPoolMapping"/>), following Neutron's pluggable IPAM backend (ipam_pluggable_backend.py,
/// ipam/drivers/neutrondb_ipam). Specific addresses are checked free, then reserved before "any address" requests (as
/// Neutron sorts them), so a random pick never takes an address asked for explicitly; addresses are random among the
/// free ones in the pools. When anything fails after reservations were made, the reservations of the call are
/// released again before the exception propagates (the transaction rollback would undo them anyway).
/// </summary>
internal static class IpReservations
{
    private static readonly int[] s_versions = [4, 6];

    /// <summary>Checks specific addresses free, reserves them, then allocates the "any address" ones; undoes on failure.</summary>
    /// <param name="pools">The transaction's pools.</param>
    /// <param name="networkId">The port's network (reported when a subnet is full).</param>
    /// <param name="plans">The planned fixed IPs.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The fixed IPs, in plan order.</returns>
    /// <exception cref="ConflictException">A specific address is in use (<c>IpAddressAlreadyAllocated</c>).</exception>
    /// <exception cref="IpAddressGenerationFailureException">A subnet is full.</exception>
    public static async ValueTask<IReadOnlyList<FixedIp>> ReserveAsync(
        IIdPoolRepository pools, string networkId, IReadOnlyList<PlannedFixedIp> plans, CancellationToken cancellationToken)
    {
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

    /// <summary>
    /// The default fixed IPs: one address of the IPv4 subnets - the first, in the given order, that still has a free
    /// address - and likewise one of the IPv6 subnets (Neutron's <c>_allocate_ips_for_port</c> asks one address of the v4
    /// group and one of the stateful-v6 group; only SLAAC / DHCPv6-stateless subnets, which this model does not have,
    /// get an address each). No subnets give no addresses.
    /// </summary>
    /// <param name="pools">The transaction's pools.</param>
    /// <param name="networkId">The port's network (reported when a group is full).</param>
    /// <param name="subnets">The network's subnets, in preference order.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The fixed IPs: IPv4 then IPv6.</returns>
    /// <exception cref="IpAddressGenerationFailureException">Every subnet of a version is full.</exception>
    public static async ValueTask<IReadOnlyList<FixedIp>> AllocateDefaultAsync(
        IIdPoolRepository pools, string networkId, IpamSubnet[] subnets, CancellationToken cancellationToken)
    {
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

    /// <summary>Releases fixed IPs (a fixed IP of a subnet not in <paramref name="subnets"/> is skipped, as in Neutron).</summary>
    /// <param name="pools">The transaction's pools.</param>
    /// <param name="subnets">The subnets the addresses belong to.</param>
    /// <param name="fixedIps">The fixed IPs.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>A task that completes when the addresses are free.</returns>
    public static async ValueTask ReleaseAsync(
        IIdPoolRepository pools, IReadOnlyList<Subnet> subnets, IEnumerable<FixedIp> fixedIps, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, IpamSubnet>(StringComparer.Ordinal);
        foreach (var subnet in subnets)
        {
            byId.TryAdd(subnet.Id, IpamSubnet.Of(subnet));
        }

        foreach (var fixedIp in fixedIps)
        {
            if (byId.TryGetValue(fixedIp.SubnetId, out var subnet)
                && IpAddressText.TryParseAddress(fixedIp.IpAddress, out var address, out _)
                && subnet.Cidr.Contains(address)
                && IpPoolMapping.TryToId(subnet.Cidr, IpAddressMath.ToUInt128(address), out var id))
            {
                await pools.ReleaseAsync(subnet.Pool, id, cancellationToken).ConfigureAwait(false);
            }
        }
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
