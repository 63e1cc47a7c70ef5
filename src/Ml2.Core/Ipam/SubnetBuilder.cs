using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Ipam;

/// <summary>
/// Builds and validates subnets the way Neutron's <c>create_subnet</c> / <c>update_subnet</c> do
/// (neutron/db/db_base_plugin_v2.py <c>_validate_subnet</c>, neutron/db/ipam_backend_mixin.py,
/// neutron/ipam/utils.py). Every problem is an <see cref="Exceptions.InvalidInputException"/> with Neutron's wording.
/// The CIDR is canonicalised (host bits cleared: <c>10.0.0.1/24</c> becomes <c>10.0.0.0/24</c>); /0 is refused. The
/// rules for the gateway, DHCP and explicit pools are <see cref="SubnetValidation"/>'s; the default gateway and pools
/// are <see cref="SubnetRanges"/>'s; the subnet's IP pool in the store is <see cref="SubnetPools"/>'s.
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
        var cidr = IpCidrParser.ConvertCidr(request.Cidr, "cidr");
        if (request.GatewayIp is not null)
        {
            IpAddressText.ParseAddress(request.GatewayIp, "gateway_ip");
        }

        if (request.AllocationPools is not null)
        {
            SubnetValidation.ValidatePoolAttribute(request.AllocationPools);
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
            SubnetValidation.ValidateDhcp(cidr);
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
            gateway = request.GatewayIp is null ? SubnetRanges.DefaultGateway(cidr) : SubnetValidation.ValidateGateway(cidr, request.GatewayIp);
        }

        IReadOnlyList<IpRange> pools;
        if (request.AllocationPools is null)
        {
            pools = SubnetRanges.DefaultPoolRanges(cidr, gateway);
        }
        else
        {
            pools = SubnetValidation.ValidatePools(cidr, request.AllocationPools);
            if (gateway is { } g)
            {
                SubnetValidation.CheckGatewayOutsidePools(cidr, g, pools);
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
            SubnetValidation.ValidateDhcp(cidr);
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
        var gateway = SubnetValidation.ValidateGateway(cidr, gatewayIp);
        var text = cidr.FormatAddress(gateway);
        if (!string.Equals(text, current.GatewayIp, StringComparison.Ordinal))
        {
            SubnetValidation.CheckGatewayOutsidePools(cidr, gateway, SubnetRanges.PoolRanges(cidr, current.AllocationPools));
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
}
