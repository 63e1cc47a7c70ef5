using Lbaas;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement.Policies;

/// <summary>Scores 1 when the device is already wired into the request's member (pool) network; 0 without one.</summary>
internal sealed class WiredToMemberNetworkPolicy : BuiltInPolicy
{
    public override string Name => PlacementPolicyNames.WiredToMemberNetwork;

    public override PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device)
    {
        return PlacementVerdict.Accept(request.Request.MemberNetworkId is not null && device.OnMemberNetwork ? 1 : 0);
    }
}
