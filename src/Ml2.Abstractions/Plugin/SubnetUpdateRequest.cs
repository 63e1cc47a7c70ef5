using System.Text.Json;

namespace Ml2.Plugin;

/// <summary>The attributes of a subnet to change; null means "unchanged".</summary>
public sealed record SubnetUpdateRequest
{
    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>A new gateway address (in the CIDR, not in an allocation pool, not a fixed IP in use).</summary>
    public string? GatewayIp { get; init; }

    /// <summary>Whether DHCP is enabled.</summary>
    public bool? EnableDhcp { get; init; }

    /// <summary>Vendor extension attributes to change.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ExtensionAttributes { get; init; }
}
