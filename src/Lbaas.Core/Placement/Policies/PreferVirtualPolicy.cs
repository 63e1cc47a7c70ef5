using Lbaas;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement.Policies;

/// <summary>Scores 1 for a virtual device.</summary>
internal sealed class PreferVirtualPolicy : BuiltInPolicy
{
    public override string Name => PlacementPolicyNames.PreferVirtual;

    public override PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device)
    {
        return PlacementVerdict.Accept(device.Facts.Kind == DeviceKind.Virtual ? 1 : 0);
    }
}
