using System.Text.Json;
using Ml2.Model;

namespace Ml2.Plugin;

/// <summary>The attributes of a subnet to create; null means "use the default".</summary>
public sealed record SubnetCreateRequest
{
    /// <summary>The network.</summary>
    public required string NetworkId { get; init; }

    /// <summary>The CIDR, e.g. <c>10.0.0.0/24</c> or <c>2001:db8::/64</c>.</summary>
    public required string Cidr { get; init; }

    /// <summary>4 or 6; must match the CIDR; inferred from it when null.</summary>
    public int? IpVersion { get; init; }

    /// <summary>The owning project; only an admin may name another project than its own.</summary>
    public string? TenantId { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>The gateway; null = the first host address, unless <see cref="NoGateway"/>.</summary>
    public string? GatewayIp { get; init; }

    /// <summary>True for a subnet without gateway (<c>gateway_ip: null</c>).</summary>
    public bool NoGateway { get; init; }

    /// <summary>The allocation pools; null = every host address except the gateway.</summary>
    public IReadOnlyList<AllocationPool>? AllocationPools { get; init; }

    /// <summary>Whether DHCP is enabled (default true).</summary>
    public bool? EnableDhcp { get; init; }

    /// <summary>Vendor extension attributes.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ExtensionAttributes { get; init; }
}
