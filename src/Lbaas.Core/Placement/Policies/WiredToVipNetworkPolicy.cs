using Lbaas;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement.Policies;

/// <summary>Scores 1 when the device is already wired into the request's VIP network.</summary>
internal sealed class WiredToVipNetworkPolicy : BuiltInPolicy
{
    public override string Name => PlacementPolicyNames.WiredToVipNetwork;

    public override PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device)
    {
        return PlacementVerdict.Accept(device.OnVipNetwork ? 1 : 0);
    }
}
