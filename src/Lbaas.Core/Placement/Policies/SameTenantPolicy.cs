using Lbaas;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement.Policies;

/// <summary>Scores 1 when the device already hosts a load balancer of the request's project (F5's tenant affinity).</summary>
internal sealed class SameTenantPolicy : BuiltInPolicy
{
    public override string Name => PlacementPolicyNames.SameTenant;

    public override PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device)
    {
        return PlacementVerdict.Accept(device.HostsTenant ? 1 : 0);
    }
}
