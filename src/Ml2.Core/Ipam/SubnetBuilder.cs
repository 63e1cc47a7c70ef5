using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Ipam;

/// <summary>
/// Builds and validates subnets the way Neutron's <c>create_subnet</c> / <c>update_subnet</c> do
/// (neutron/db/db_base_plugin_v2.py <c>_validate_subnet</c>, neutron/db/ipam_backend_mixin.py,
/// neutron/ipam/utils.py). Every problem is an <see cref="Exceptions.InvalidInputException"/> with Neutron's wording.
/// <list type="bullet">
/// <item>The CIDR is canonicalised; host bits are cleared (<c>10.0.0.1/24</c> becomes <c>10.0.0.0/24</c>). /0 is refused.</item>
/// <item>With DHCP enabled (the default), IPv4 prefixes longer than /30 and IPv6 prefixes longer than /126 are refused,
/// as are multicast, loopback and 0.0.0.0/x subnets. /31 and /32 (and IPv6 /127, /128) need <c>enable_dhcp=false</c>.</item>
/// <item>Default gateway: IPv4 = the network address + 1; IPv6 = the network address itself (the subnet-router anycast
/// address), exactly as Neutron 21's <c>_gateway_ip_str</c>. A /32 and a /128 get no default gateway (Neutron would
/// give a /32 a gateway outside the subnet).</item>
/// <item>An explicit gateway must lie in the subnet (stricter than Neutron, which accepts an off-subnet gateway) and
/// must not be the IPv4 network or broadcast address of a /30-or-shorter subnet.</item>
/// <item>Default pools: every usable address minus the gateway, split around it. Usable = IPv4 without network and
/// broadcast (all addresses for /31 and /32); IPv6 without the network (subnet-router anycast) address (a /128 keeps its
/// only address).</item>
/// <item>Explicit pools: valid addresses of the subnet's version, start &lt;= end, inside the usable addresses, not
/// overlapping each other, not containing the gateway (also the default gateway).</item>
/// </list>
/// </summary>
internal static class SubnetBuilder
{
    /// <summary>Builds a validated subnet from a create request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="id">The new subnet id.</param>
    /// <param name="tenantId">The owning project (already resolved and authorised by the caller).</param>
    /// <param name="now">The creation time.</param>
    /// <returns>
    /// The subnet: canonical CIDR, IP version, gateway, pools, name (or ""), enable_dhcp. Revision number and
    /// extension attributes are left at their defaults for the caller to fill in.
    /// </returns>
    /// <exception cref="Exceptions.InvalidInputException">Any attribute is invalid.</exception>
    public static Subnet Build(SubnetCreateRequest request, string id, string tenantId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(tenantId);

        // The API layer first (neutron-lib's converters and validators in the attribute map's order), then the plugin's checks.
        ValidateIpVersion(request.IpVersion);
        var cidr = IpAddressMath.ConvertCidr(request.Cidr, "cidr");
        if (request.GatewayIp is not null)
        {
            IpAddressMath.ParseAddress(request.GatewayIp, "gateway_ip");
        }

        if (request.AllocationPools is not null)
        {
            ValidatePoolAttribute(request.AllocationPools);
        }

        if (request.IpVersion is { } requested && requested != cidr.Version)
        {
            throw IpamErrors.CidrVersionMismatch(request.Cidr, requested);
        }

        if (cidr.PrefixLength == 0)
        {
            throw IpamErrors.ZeroPrefix(cidr.ToString());
        }

        var enableDhcp = request.EnableDhcp ?? true;
        if (enableDhcp)
        {
            ValidateDhcp(cidr);
        }

        UInt128? gateway;
        if (request.NoGateway)
        {
            if (request.GatewayIp is not null)
            {
                throw IpamErrors.GatewayWithNoGateway(request.GatewayIp);
            }

            gateway = null;
        }
        else
        {
            gateway = request.GatewayIp is null ? DefaultGateway(cidr) : ValidateGateway(cidr, request.GatewayIp);
        }

        IReadOnlyList<IpRange> pools;
        if (request.AllocationPools is null)
        {
            pools = DefaultPoolRanges(cidr, gateway);
        }
        else
        {
            pools = ValidatePools(cidr, request.AllocationPools);
            if (gateway is { } g)
            {
                CheckGatewayOutsidePools(cidr, g, pools);
            }
        }

        return new Subnet
        {
            Id = id,
            TenantId = tenantId,
            NetworkId = request.NetworkId,
            Name = request.Name ?? "",
            IpVersion = cidr.Version,
            Cidr = cidr.ToString(),
            GatewayIp = gateway is { } gw ? cidr.FormatAddress(gw) : null,
            AllocationPools = pools.Select(p => p.ToPool()).ToArray(),
            EnableDhcp = enableDhcp,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>neutron-lib's <c>validate_values</c> on <c>ip_version</c> ([4, 6]).</summary>
    /// <param name="ipVersion">The requested version, or null.</param>
    /// <exception cref="Exceptions.InvalidInputException">Neither 4 nor 6.</exception>
    public static void ValidateIpVersion(int? ipVersion)
    {
        if (ipVersion is { } version && version is not (4 or 6))
        {
            throw IpamErrors.InvalidIpVersion(version);
        }
    }

    /// <summary>neutron-lib's <c>validate_ip_pools</c>: each pool has exactly the keys start and end, each a valid address.</summary>
    private static void ValidatePoolAttribute(IReadOnlyList<AllocationPool> pools)
    {
        foreach (var pool in pools)
        {
            if (pool is null || pool.Start is null || pool.End is null)
            {
                var provided = pool is null ? "set()" : "{" + string.Join(", ", new[] { pool.Start is null ? null : "'start'", pool.End is null ? null : "'end'" }.OfType<string>()) + "}";
                throw IpamErrors.PoolMissingKeys(pool is null ? "None" : $"{pool.Start ?? "None"}-{pool.End ?? "None"}", provided == "{}" ? "set()" : provided);
            }

            IpAddressMath.ParseAddress(pool.Start, "allocation_pools");
            IpAddressMath.ParseAddress(pool.End, "allocation_pools");
        }
    }

    /// <summary>
    /// Validates the IPAM-relevant attributes of a subnet update (<c>gateway_ip</c>, <c>enable_dhcp</c>) like
    /// Neutron's <c>_update_subnet_precommit</c>: a new gateway must be valid on the subnet and outside the (unchanged)
    /// pools; turning DHCP on re-runs the DHCP prefix checks. Other attributes are the caller's business.
    /// </summary>
    /// <param name="current">The stored subnet.</param>
    /// <param name="request">The update.</param>
    /// <returns><paramref name="current"/> with the new gateway and enable_dhcp applied (other fields untouched).</returns>
    /// <exception cref="Exceptions.InvalidInputException">The gateway or DHCP change is invalid.</exception>
    public static Subnet ApplyUpdate(Subnet current, SubnetUpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(request);
        var cidr = IpCidr.Parse(current.Cidr);
        var updated = current;

        if (request.EnableDhcp is true && !current.EnableDhcp)
        {
            ValidateDhcp(cidr);
        }

        if (request.EnableDhcp is { } dhcp)
        {
            updated = updated with { EnableDhcp = dhcp };
        }

        if (request.GatewayIp is not null)
        {
            updated = updated with { GatewayIp = ValidateGatewayUpdate(current, request.GatewayIp) };
        }

        return updated;
    }

    /// <summary>
    /// Validates a new gateway for a stored subnet (Neutron's <c>update_subnet</c>): parsable, same IP version, inside
    /// the subnet, not its IPv4 network/broadcast address, and outside its allocation pools.
    /// </summary>
    /// <param name="current">The stored subnet.</param>
    /// <param name="gatewayIp">The requested gateway.</param>
    /// <returns>The gateway in canonical form.</returns>
    /// <exception cref="Exceptions.InvalidInputException">The gateway is invalid (field <c>gateway_ip</c>).</exception>
    public static string ValidateGatewayUpdate(Subnet current, string gatewayIp)
    {
        ArgumentNullException.ThrowIfNull(current);
        var cidr = IpCidr.Parse(current.Cidr);
        var gateway = ValidateGateway(cidr, gatewayIp);
        var text = cidr.FormatAddress(gateway);
        if (!string.Equals(text, current.GatewayIp, StringComparison.Ordinal))
        {
            CheckGatewayOutsidePools(cidr, gateway, PoolRanges(cidr, current.AllocationPools));
        }

        return text;
    }

    /// <summary>
    /// Refuses a subnet whose CIDR overlaps another subnet of the same network (Neutron's <c>_validate_subnet_cidr</c>,
    /// with overlapping IPs allowed across networks).
    /// </summary>
    /// <param name="candidate">The new subnet.</param>
    /// <param name="existingOnNetwork">The network's other subnets (a subnet with the candidate's id is ignored).</param>
    /// <exception cref="Exceptions.InvalidInputException">The CIDRs overlap.</exception>
    public static void CheckOverlap(Subnet candidate, IEnumerable<Subnet> existingOnNetwork)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(existingOnNetwork);
        var cidr = IpCidr.Parse(candidate.Cidr);
        foreach (var existing in existingOnNetwork)
        {
            if (string.Equals(existing.Id, candidate.Id, StringComparison.Ordinal))
            {
                continue;
            }

            if (IpCidr.Parse(existing.Cidr).Overlaps(cidr))
            {
                throw IpamErrors.SubnetOverlap(candidate.Cidr, candidate.NetworkId);
            }
        }
    }

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
                IpAddressMath.ToUInt128(IpAddressMath.ParseAddress(pools[i].Start, "allocation_pools")),
                IpAddressMath.ToUInt128(IpAddressMath.ParseAddress(pools[i].End, "allocation_pools")));
        }

        return result;
    }

    /// <summary>Validates an explicit gateway: parsable, same version, inside the subnet, not network/broadcast (IPv4).</summary>
    /// <param name="cidr">The subnet's CIDR.</param>
    /// <param name="gatewayIp">The gateway text.</param>
    /// <returns>The gateway value.</returns>
    public static UInt128 ValidateGateway(IpCidr cidr, string gatewayIp)
    {
        var address = IpAddressMath.ParseAddress(gatewayIp, "gateway_ip");
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

    private static void ValidateDhcp(IpCidr cidr)
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

    private static List<IpRange> ValidatePools(IpCidr cidr, IReadOnlyList<AllocationPool> pools)
    {
        var cidrText = cidr.ToString();

        // Pass 1 (Neutron's pools_to_ip_range): start <= end (the keys and addresses were checked by ValidatePoolAttribute).
        ValidatePoolAttribute(pools);
        var ranges = new List<IpRange>(pools.Count);
        foreach (var pool in pools)
        {
            var start = IpAddressMath.ParseAddress(pool.Start, "allocation_pools");
            var end = IpAddressMath.ParseAddress(pool.End, "allocation_pools");
            var startVersion = IpAddressMath.VersionOf(start);
            var range = new IpRange(startVersion, IpAddressMath.ToUInt128(start), IpAddressMath.ToUInt128(end));
            if (IpAddressMath.VersionOf(end) != startVersion || range.First > range.Last)
            {
                throw IpamErrors.InvalidPoolRequest(pool.Start!, pool.End!);
            }

            ranges.Add(range);
        }

        // Pass 2 (validate_allocation_pools): version and bounds.
        var usable = UsableRange(cidr);
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

    private static void CheckGatewayOutsidePools(IpCidr cidr, UInt128 gateway, IReadOnlyList<IpRange> pools)
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
