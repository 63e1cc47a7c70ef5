using Lbaas;

namespace Lbaas.Placement.Policies;

/// <summary>Scores 1 when the device is already wired into the request's member (pool) network; 0 without one.</summary>
internal sealed class WiredToMemberNetworkPolicy : IPlacementPolicy
{
    public string Name => PlacementPolicyNames.WiredToMemberNetwork;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        return PlacementVerdict.Accept(request.MemberNetworkId is { } member && device.WiredNetworkIds.Contains(member) ? 1 : 0);
    }
}
