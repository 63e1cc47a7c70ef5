using Lbaas;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement.Policies;

/// <summary>Scores the fraction of the request's networks (VIP and member, counted once each) the device is already wired into.</summary>
internal sealed class SameNetworkPolicy : BuiltInPolicy
{
    public override string Name => PlacementPolicyNames.SameNetwork;

    public override PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device)
    {
        var needed = request.MemberNetworkId is null ? 1 : 2;
        var wired = (device.OnVipNetwork ? 1 : 0) + (request.MemberNetworkId is not null && device.OnMemberNetwork ? 1 : 0);
        return PlacementVerdict.Accept((double)wired / needed);
    }
}
