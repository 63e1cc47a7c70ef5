using Ml2.Model;

namespace Ml2.Ipam;

/// <summary>
/// The address ranges of a subnet (neutron/ipam/utils.py):
/// <list type="bullet">
/// <item>Default gateway: IPv4 = the network address + 1; IPv6 = the network address itself (the subnet-router anycast
/// address), exactly as Neutron 21's <c>_gateway_ip_str</c>. A /32 and a /128 get no default gateway (Neutron would
/// give a /32 a gateway outside the subnet).</item>
/// <item>Usable addresses: IPv4 without network and broadcast (all addresses for /31 and /32); IPv6 without the
/// network (subnet-router anycast) address (a /128 keeps its only address).</item>
/// <item>Default pools: every usable address minus the gateway, split around it.</item>
/// </list>
/// </summary>
internal static class SubnetRanges
{
    /// <summary>The default gateway of a CIDR (see the class remarks), or null for /32 and /128.</summary>
    /// <param name="cidr">The CIDR.</param>
    /// <returns>The gateway value.</returns>
    public static UInt128? DefaultGateway(IpCidr cidr)
    {
        if (cidr.HostBits == 0)
        {
            return null;
        }

        return cidr.Version == 4 ? cidr.First + 1 : cidr.First;
    }

    /// <summary>
    /// The addresses allocation pools may use: IPv4 without network and broadcast (all of a /31 or /32), IPv6 without
    /// the subnet-router anycast address (all of a /128).
    /// </summary>
    /// <param name="cidr">The CIDR.</param>
    /// <returns>The range.</returns>
    public static IpRange UsableRange(IpCidr cidr)
    {
        if (cidr.HostBits == 0)
        {
            return new IpRange(cidr.Version, cidr.First, cidr.Last);
        }

        if (cidr.Version == 4)
        {
            return cidr.HasIpv4NetworkAndBroadcast
                ? new IpRange(4, cidr.First + 1, cidr.Last - 1)
                : new IpRange(4, cidr.First, cidr.Last);
        }

        return new IpRange(6, cidr.First + 1, cidr.Last);
    }

    /// <summary>The default pools: the usable range minus the gateway, split around it (Neutron's <c>generate_pools</c>).</summary>
    /// <param name="cidr">The CIDR.</param>
    /// <param name="gateway">The gateway, or null.</param>
    /// <returns>Zero, one or two ranges.</returns>
    public static IReadOnlyList<IpRange> DefaultPoolRanges(IpCidr cidr, UInt128? gateway)
    {
        var usable = UsableRange(cidr);
        if (gateway is not { } g || !usable.Contains(g))
        {
            return [usable];
        }

        var result = new List<IpRange>(2);
        if (g > usable.First)
        {
            result.Add(usable with { Last = g - 1 });
        }

        if (g < usable.Last)
        {
            result.Add(usable with { First = g + 1 });
        }

        return result;
    }

    /// <summary>Parses a stored subnet's pools (already validated).</summary>
    /// <param name="cidr">The subnet's CIDR.</param>
    /// <param name="pools">The pools.</param>
    /// <returns>The ranges.</returns>
    public static IReadOnlyList<IpRange> PoolRanges(IpCidr cidr, IReadOnlyList<AllocationPool> pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var result = new IpRange[pools.Count];
        for (var i = 0; i < pools.Count; i++)
        {
            result[i] = new IpRange(
                cidr.Version,
                IpAddressMath.ToUInt128(IpAddressText.ParseAddress(pools[i].Start, "allocation_pools")),
                IpAddressMath.ToUInt128(IpAddressText.ParseAddress(pools[i].End, "allocation_pools")));
        }

        return result;
    }
}
