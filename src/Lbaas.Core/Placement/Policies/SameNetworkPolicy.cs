using Lbaas;

namespace Lbaas.Placement.Policies;

/// <summary>Scores the fraction of the request's networks (VIP and member, counted once each) the device is already wired into.</summary>
internal sealed class SameNetworkPolicy : IPlacementPolicy
{
    public string Name => PlacementPolicyNames.SameNetwork;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        var member = request.MemberNetworkId is { } m && !string.Equals(m, request.VipNetworkId, StringComparison.Ordinal) ? m : null;
        var needed = member is null ? 1 : 2;
        var wired = needed - device.NewNetworksFor(request.VipNetworkId, member);
        return PlacementVerdict.Accept((double)wired / needed);
    }
}
