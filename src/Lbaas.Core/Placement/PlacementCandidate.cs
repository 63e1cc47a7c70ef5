using Lbaas.Devices;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement;

/// <summary>A device that passed every filter: the device as judged, its total score and a random tie-breaker.</summary>
/// <param name="Device">The device as judged (its facts' revision is the one the claim expects).</param>
/// <param name="Score">The weighted mean of its scores.</param>
/// <param name="TieBreak">A random number ordering equal scores.</param>
internal readonly record struct PlacementCandidate(JudgedDevice Device, double Score, int TieBreak)
{
    /// <summary>The device's slot.</summary>
    public DeviceSlot Slot => Device.Slot!;
}
