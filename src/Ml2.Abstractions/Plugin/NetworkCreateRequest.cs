using System.Text.Json;
using Ml2.Model;

namespace Ml2.Plugin;

/// <summary>The attributes of a network to create; null means "use the default".</summary>
public sealed record NetworkCreateRequest
{
    /// <summary>The owning project; only an admin may name another project than its own.</summary>
    public string? TenantId { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>The administrative state (default up).</summary>
    public bool? AdminStateUp { get; init; }

    /// <summary>Whether the network is shared (admin only).</summary>
    public bool? Shared { get; init; }

    /// <summary>Whether the network is external (<c>router:external</c>, admin only).</summary>
    public bool? External { get; init; }

    /// <summary>The requested MTU (at most the segments' maximum).</summary>
    public int? Mtu { get; init; }

    /// <summary>
    /// Requests a VLAN-transparent network (<c>vlan_transparent</c>); every mechanism driver must accept it
    /// (<see cref="Drivers.IMechanismDriver.CheckVlanTransparency"/>). It cannot be changed after create. Null means false.
    /// </summary>
    public bool? VlanTransparent { get; init; }

    /// <summary><c>provider:network_type</c> (admin only).</summary>
    public string? NetworkType { get; init; }

    /// <summary><c>provider:physical_network</c> (admin only).</summary>
    public string? PhysicalNetwork { get; init; }

    /// <summary><c>provider:segmentation_id</c> (admin only).</summary>
    public long? SegmentationId { get; init; }

    /// <summary>Multi-provider <c>segments</c> (admin only); cannot be combined with the single provider attributes.</summary>
    public IReadOnlyList<ProviderSegment>? Segments { get; init; }

    /// <summary>Vendor extension attributes, each owned by an extension driver.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ExtensionAttributes { get; init; }

    /// <summary>Whether any single provider attribute is set.</summary>
    public bool HasProviderAttributes => NetworkType is not null || PhysicalNetwork is not null || SegmentationId is not null;
}
