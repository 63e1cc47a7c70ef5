using Ml2.Storage;

namespace Ml2.TypeDrivers;

/// <summary>The VLAN ranges of one physical network from <c>network_vlan_ranges</c>.</summary>
/// <param name="PhysicalNetwork">The physical network.</param>
/// <param name="Ranges">Its ranges, normalised (sorted, merged); a bare physnet entry gives 1..4094.</param>
internal sealed record PhysicalNetworkRanges(string PhysicalNetwork, IReadOnlyList<IdRange> Ranges);
