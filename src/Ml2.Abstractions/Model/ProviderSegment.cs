namespace Ml2.Model;

/// <summary>
/// A requested or allocated segment as the type drivers see it: Neutron's provider attributes
/// (<c>provider:network_type</c>, <c>provider:physical_network</c>, <c>provider:segmentation_id</c>).
/// Fields left null are unspecified (a partial segment that the type driver completes).
/// </summary>
/// <param name="NetworkType">The network type; null only in a request that is then rejected.</param>
/// <param name="PhysicalNetwork">The physical network, or null.</param>
/// <param name="SegmentationId">The segmentation id, or null.</param>
public sealed record ProviderSegment(string? NetworkType, string? PhysicalNetwork = null, long? SegmentationId = null)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{NetworkType ?? "?"}:{PhysicalNetwork ?? "-"}:{(SegmentationId is { } id ? id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")}";
}
