using Ml2.Model;

namespace Ml2.TypeDrivers;

/// <summary>
/// Neutron's provider attribute names (the field of <see cref="Exceptions.InvalidInputException"/>) and how the type
/// drivers read them from a <see cref="ProviderSegment"/>.
/// </summary>
internal static class ProviderAttributes
{
    public const string NetworkType = "provider:network_type";

    public const string PhysicalNetwork = "provider:physical_network";

    public const string SegmentationId = "provider:segmentation_id";

    /// <summary>The segment's physical network; an empty name counts as unspecified, as in Neutron.</summary>
    /// <param name="segment">The segment.</param>
    /// <returns>The physical network, or null.</returns>
    public static string? PhysicalNetworkOf(ProviderSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return string.IsNullOrEmpty(segment.PhysicalNetwork) ? null : segment.PhysicalNetwork;
    }
}
