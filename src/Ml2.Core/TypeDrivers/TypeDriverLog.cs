using System.Globalization;
using Microsoft.Extensions.Logging;
using Ml2.Diagnostics;

namespace Ml2.TypeDrivers;

/// <summary>Log messages of the built-in type drivers.</summary>
internal static partial class TypeDriverLog
{
    /// <summary>Logs that a released segment id was not in use; a missing physical network or id reads <c>(none)</c>.</summary>
    public static void ReleasedSegmentUnknown(ILogger logger, string networkType, string? physicalNetwork, long? segmentationId) =>
        LogReleasedSegmentUnknown(logger, networkType, physicalNetwork ?? "(none)", segmentationId is { } id ? id.ToString(CultureInfo.InvariantCulture) : "(none)");

    /// <summary>
    /// A released segment id was not in use in its pool (Neutron: "No vlan_id %(vlan_id)s found on physical network
    /// %(physical_network)s", "%(type)s tunnel %(id)s not found", "No flat network found on physical network %s").
    /// </summary>
    [LoggerMessage(EventId = Ml2EventIds.ReleasedSegmentUnknown, EventName = "ReleasedSegmentUnknown", Level = LogLevel.Warning,
        Message = "No {NetworkType} segment with segmentation id {SegmentationId} found on physical network {PhysicalNetwork} to release.")]
    private static partial void LogReleasedSegmentUnknown(ILogger logger, string networkType, string physicalNetwork, string segmentationId);
}
