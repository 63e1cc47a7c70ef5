using Ml2.Model;

namespace Ml2.TypeDrivers;

/// <summary>Valid segmentation ids per network type.</summary>
internal static class SegmentIdLimits
{
    public const long MinVlanTag = 1;
    public const long MaxVlanTag = 4094;
    public const long MinVni = 1;
    public const long MaxVni = (1L << 24) - 1;
    public const long MinGreKey = 1;
    public const long MaxGreKey = uint.MaxValue;

    /// <summary>The valid ids of a tunnel type: 1..16,777,215 for VXLAN and Geneve, 1..4,294,967,295 for GRE.</summary>
    /// <param name="tunnelType">vxlan, gre or geneve.</param>
    /// <returns>The inclusive bounds.</returns>
    /// <exception cref="ArgumentException">Not a tunnel type.</exception>
    public static (long Min, long Max) ForTunnel(string tunnelType) => tunnelType switch
    {
        NetworkTypes.Vxlan or NetworkTypes.Geneve => (MinVni, MaxVni),
        NetworkTypes.Gre => (MinGreKey, MaxGreKey),
        _ => throw new ArgumentException($"'{tunnelType}' is not a tunnel type.", nameof(tunnelType)),
    };
}
