namespace Ml2.Exceptions;

/// <summary>A requested segment is already allocated (Neutron's VlanIdInUse, TunnelIdInUse, FlatNetworkInUse).</summary>
public class SegmentInUseException : ConflictException
{
    /// <summary>Creates the exception with the wording Neutron uses for the segment's type.</summary>
    /// <param name="networkType">The network type.</param>
    /// <param name="physicalNetwork">The physical network, or null.</param>
    /// <param name="segmentationId">The segmentation id, or null.</param>
    public SegmentInUseException(string networkType, string? physicalNetwork, long? segmentationId)
        : base(TypeOf(networkType), Format(networkType, physicalNetwork, segmentationId), null, null, null)
    {
        NetworkType = networkType;
        PhysicalNetwork = physicalNetwork;
        SegmentationId = segmentationId;
    }

    /// <summary>The network type.</summary>
    public string NetworkType { get; }

    /// <summary>The physical network, or null.</summary>
    public string? PhysicalNetwork { get; }

    /// <summary>The segmentation id, or null.</summary>
    public long? SegmentationId { get; }

    private static string TypeOf(string networkType) => networkType switch
    {
        "flat" => "FlatNetworkInUse",
        "vlan" => "VlanIdInUse",
        _ => "TunnelIdInUse",
    };

    private static string Format(string networkType, string? physicalNetwork, long? segmentationId) => networkType switch
    {
        "flat" => $"Unable to create the flat network. Physical network {physicalNetwork} is in use.",
        "vlan" => $"Unable to create the network. The VLAN {segmentationId} on physical network {physicalNetwork} is in use.",
        _ when physicalNetwork is null => $"Unable to create the network. The tunnel ID {segmentationId} is in use.",
        _ => $"Unable to create the network. The segment {networkType}:{physicalNetwork}:{segmentationId} is in use.",
    };
}
