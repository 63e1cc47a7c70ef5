using Lbaas.Devices;
using Lbaas;

namespace Lbaas.Placement;

/// <summary>A device that passed every filter: the snapshot it was judged on, its total score and a random tie-breaker.</summary>
/// <param name="Slot">The device.</param>
/// <param name="Snapshot">The snapshot judged (its revision is the one the claim expects).</param>
/// <param name="Score">The weighted mean of its scores.</param>
/// <param name="TieBreak">A random number ordering equal scores.</param>
internal readonly record struct PlacementCandidate(DeviceSlot Slot, DeviceSnapshot Snapshot, double Score, int TieBreak);
