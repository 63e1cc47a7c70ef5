namespace Ml2.Model;

/// <summary>One segment of a network: a piece of L2 connectivity of one type (Neutron's <c>networksegments</c> row).</summary>
public sealed record NetworkSegment
{
    /// <summary>The segment id.</summary>
    public required string Id { get; init; }

    /// <summary>The network the segment belongs to.</summary>
    public required string NetworkId { get; init; }

    /// <summary>The network type, one of <see cref="NetworkTypes"/> or a custom type driver's type.</summary>
    public required string NetworkType { get; init; }

    /// <summary>The physical network (flat and vlan), or null.</summary>
    public string? PhysicalNetwork { get; init; }

    /// <summary>The segmentation id (VLAN tag, VNI, GRE key), or null.</summary>
    public long? SegmentationId { get; init; }

    /// <summary>The MTU the type driver reports for this segment; 0 when unknown.</summary>
    public int Mtu { get; init; }

    /// <summary>True for a segment allocated during hierarchical port binding.</summary>
    public bool IsDynamic { get; init; }

    /// <summary>The position of the segment in the network's segment list.</summary>
    public int SegmentIndex { get; init; }

    /// <summary>The type/physnet/id triple of this segment.</summary>
    /// <returns>A provider segment with the same values.</returns>
    public ProviderSegment ToProviderSegment() => new(NetworkType, PhysicalNetwork, SegmentationId);
}
