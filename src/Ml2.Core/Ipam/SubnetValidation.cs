using Ml2.Model;

namespace Ml2.Ipam;

/// <summary>
/// The checks of a subnet's gateway, DHCP and allocation pools against its CIDR (neutron/db/ipam_backend_mixin.py,
/// neutron/ipam/utils.py), each an <see cref="Exceptions.InvalidInputException"/> with Neutron's wording:
/// <list type="bullet">
/// <item>With DHCP enabled (the default), IPv4 prefixes longer than /30 and IPv6 prefixes longer than /126 are refused,
/// as are multicast, loopback and 0.0.0.0/x subnets. /31 and /32 (and IPv6 /127, /128) need <c>enable_dhcp=false</c>.</item>
/// <item>An explicit gateway must lie in the subnet (stricter than Neutron, which accepts an off-subnet gateway) and
/// must not be the IPv4 network or broadcast address of a /30-or-shorter subnet.</item>
/// <item>Explicit pools: valid addresses of the subnet's version, start &lt;= end, inside the usable addresses
/// (<see cref="SubnetRanges.UsableRange"/>), not overlapping each other, not containing the gateway (also the default
/// gateway).</item>
/// </list>
/// </summary>
internal static class SubnetValidation
{
    /// <summary>neutron-lib's <c>validate_ip_pools</c>: each pool has exactly the keys start and end, each a valid address.</summary>
    /// <param name="pools">The requested pools.</param>
    /// <exception cref="Exceptions.InvalidInputException">A pool lacks a key or an address is invalid.</exception>
    public static void ValidatePoolAttribute(IReadOnlyList<AllocationPool> pools)
    {
        foreach (var pool in pools)
        {
            if (pool is null || pool.Start is null || pool.End is null)
            {
                var provided = pool is null ? "set()" : "{" + string.Join(", ", new[] { pool.Start is null ? null : "'start'", pool.End is null ? null : "'end'" }.OfType<string>()) + "}";
                throw IpamErrors.PoolMissingKeys(pool is null ? "None" : $"{pool.Start ?? "None"}-{pool.End ?? "None"}", provided == "{}" ? "set()" : provided);
            }

            IpAddressText.ParseAddress(pool.Start, "allocation_pools");
            IpAddressText.ParseAddress(pool.End, "allocation_pools");
        }
    }

    /// <summary>Validates an explicit gateway: parsable, same version, inside the subnet, not network/broadcast (IPv4).</summary>
    /// <param name="cidr">The subnet's CIDR.</param>
    /// <param name="gatewayIp">The gateway text.</param>
    /// <returns>The gateway value.</returns>
    public static UInt128 ValidateGateway(IpCidr cidr, string gatewayIp)
    {
        var address = IpAddressText.ParseAddress(gatewayIp, "gateway_ip");
        if (IpAddressMath.VersionOf(address) != cidr.Version)
        {
            throw IpamErrors.VersionMismatch("gateway_ip", gatewayIp, cidr.Version);
        }

        var value = IpAddressMath.ToUInt128(address);
        if (!cidr.Contains(value)
            || (cidr.HasIpv4NetworkAndBroadcast && (value == cidr.First || value == cidr.Last)))
        {
            throw IpamErrors.GatewayNotValid(gatewayIp);
        }

        return value;
    }

    /// <summary>
    /// The prefix checks of a DHCP-enabled subnet: IPv4 up to /30 and IPv6 up to /126, not multicast, not loopback, not
    /// 0.0.0.0/x.
    /// </summary>
    /// <param name="cidr">The subnet's CIDR.</param>
    /// <exception cref="Exceptions.InvalidInputException">The CIDR cannot have DHCP.</exception>
    public static void ValidateDhcp(IpCidr cidr)
    {
        var text = cidr.ToString();
        if ((cidr.Version == 4 && cidr.PrefixLength > 30) || (cidr.Version == 6 && cidr.PrefixLength > 126))
        {
            throw IpamErrors.PrefixIncompatibleWithDhcp(text);
        }

        var multicast = cidr.Version == 4 ? (cidr.First >> 28) == 0xE : (cidr.First >> 120) == 0xFF;
        if (multicast)
        {
            throw IpamErrors.MulticastWithDhcp(text);
        }

        var loopback = cidr.Version == 4 ? (cidr.First >> 24) == 127 : cidr.First == UInt128.One;
        if (loopback)
        {
            throw IpamErrors.LoopbackWithDhcp(text);
        }

        if (cidr.Version == 4 && cidr.First == UInt128.Zero)
        {
            throw IpamErrors.ZeroNetworkWithDhcp(text);
        }
    }

    /// <summary>
    /// Validates explicit pools (Neutron's <c>pools_to_ip_range</c> and <c>validate_allocation_pools</c>): valid
    /// addresses, start &lt;= end, of the subnet's version, inside the usable addresses, not overlapping each other.
    /// </summary>
    /// <param name="cidr">The subnet's CIDR.</param>
    /// <param name="pools">The requested pools.</param>
    /// <returns>The pools' ranges, in request order.</returns>
    /// <exception cref="Exceptions.InvalidInputException">A pool is invalid.</exception>
    public static List<IpRange> ValidatePools(IpCidr cidr, IReadOnlyList<AllocationPool> pools)
    {
        var cidrText = cidr.ToString();

        // Pass 1 (Neutron's pools_to_ip_range): start <= end (the keys and addresses were checked by ValidatePoolAttribute).
        ValidatePoolAttribute(pools);
        var ranges = new List<IpRange>(pools.Count);
        foreach (var pool in pools)
        {
            var start = IpAddressText.ParseAddress(pool.Start, "allocation_pools");
            var end = IpAddressText.ParseAddress(pool.End, "allocation_pools");
            var startVersion = IpAddressMath.VersionOf(start);
            var range = new IpRange(startVersion, IpAddressMath.ToUInt128(start), IpAddressMath.ToUInt128(end));
            if (IpAddressMath.VersionOf(end) != startVersion || range.First > range.Last)
            {
                throw IpamErrors.InvalidPoolRequest(pool.Start!, pool.End!);
            }

            ranges.Add(range);
        }

        // Pass 2 (validate_allocation_pools): version and bounds.
        var usable = SubnetRanges.UsableRange(cidr);
        foreach (var range in ranges)
        {
            if (range.Version != cidr.Version)
            {
                throw IpamErrors.InvalidPool(range.ToString());
            }

            if (range.First < usable.First || range.Last > usable.Last)
            {
                throw IpamErrors.PoolOutOfBounds(range.ToString(), cidrText);
            }
        }

        // Pass 3: no two pools overlap.
        for (var i = 0; i < ranges.Count; i++)
        {
            for (var j = i + 1; j < ranges.Count; j++)
            {
                if (ranges[i].Overlaps(ranges[j]))
                {
                    throw IpamErrors.OverlappingPools(ranges[i].ToString(), ranges[j].ToString(), cidrText);
                }
            }
        }

        return ranges;
    }

    /// <summary>Refuses a gateway inside an allocation pool.</summary>
    /// <param name="cidr">The subnet's CIDR.</param>
    /// <param name="gateway">The gateway.</param>
    /// <param name="pools">The pools' ranges.</param>
    /// <exception cref="Exceptions.InvalidInputException">The gateway lies in a pool.</exception>
    public static void CheckGatewayOutsidePools(IpCidr cidr, UInt128 gateway, IReadOnlyList<IpRange> pools)
    {
        foreach (var pool in pools)
        {
            if (pool.Contains(gateway))
            {
                throw IpamErrors.GatewayConflictsWithPool(cidr.FormatAddress(gateway), pool.ToString());
            }
        }
    }
}
