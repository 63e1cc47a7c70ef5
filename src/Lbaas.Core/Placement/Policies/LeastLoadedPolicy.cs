using Lbaas;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement.Policies;

/// <summary>Scores 1 - utilisation of the device's VIP capacity.</summary>
internal sealed class LeastLoadedPolicy : BuiltInPolicy
{
    public override string Name => PlacementPolicyNames.LeastLoaded;

    public override PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device)
    {
        return PlacementVerdict.Accept(1 - device.Facts.Utilisation);
    }
}
