using Lbaas;

namespace Lbaas.Placement.Policies;

/// <summary>Scores 1 when the device is already wired into the request's VIP network.</summary>
internal sealed class WiredToVipNetworkPolicy : IPlacementPolicy
{
    public string Name => PlacementPolicyNames.WiredToVipNetwork;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        return PlacementVerdict.Accept(device.WiredNetworkIds.Contains(request.VipNetworkId) ? 1 : 0);
    }
}
