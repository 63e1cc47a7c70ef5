using Lbaas;

namespace Lbaas.Placement.Policies;

/// <summary>Scores 1 - utilisation of the device's VIP capacity.</summary>
internal sealed class LeastLoadedPolicy : IPlacementPolicy
{
    public string Name => PlacementPolicyNames.LeastLoaded;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        return PlacementVerdict.Accept(1 - device.Utilisation);
    }
}
