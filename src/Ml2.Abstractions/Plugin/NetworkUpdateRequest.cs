using System.Text.Json;

namespace Ml2.Plugin;

/// <summary>The attributes of a network to change; null means "unchanged".</summary>
public sealed record NetworkUpdateRequest
{
    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>The administrative state.</summary>
    public bool? AdminStateUp { get; init; }

    /// <summary>Whether the network is shared (admin only).</summary>
    public bool? Shared { get; init; }

    /// <summary>Whether the network is external (admin only).</summary>
    public bool? External { get; init; }

    /// <summary>The MTU.</summary>
    public int? Mtu { get; init; }

    /// <summary><c>provider:network_type</c>; only the current value is accepted.</summary>
    public string? NetworkType { get; init; }

    /// <summary><c>provider:physical_network</c>; only the current value is accepted.</summary>
    public string? PhysicalNetwork { get; init; }

    /// <summary><c>provider:segmentation_id</c>: a new VLAN id for a single-segment VLAN network with no bound ports (admin only).</summary>
    public long? SegmentationId { get; init; }

    /// <summary>Vendor extension attributes to change.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ExtensionAttributes { get; init; }
}
