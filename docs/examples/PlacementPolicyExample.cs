using Lbaas;

namespace Ml2.Docs.Examples;

/// <summary>
/// A placement policy: a filter (devices outside any rack are rejected) and a scorer (devices in the preferred rack
/// score 1, others 0). Pure and synchronous over the snapshot: no I/O, no per-call state.
/// </summary>
public sealed class RackAffinityPolicy : IPlacementPolicy
{
    public const string PolicyName = "rack_affinity";
    public const string PreferredRack = "rack-a";

    public string Name => PolicyName;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device) => device.Device.ClusterId switch
    {
        null => PlacementVerdict.Reject("not in a rack"),
        PreferredRack => PlacementVerdict.Accept(1),
        _ => PlacementVerdict.Accept(0),
    };
}
