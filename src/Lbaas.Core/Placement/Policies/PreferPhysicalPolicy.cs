using Lbaas;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement.Policies;

/// <summary>Scores 1 for a physical device.</summary>
internal sealed class PreferPhysicalPolicy : BuiltInPolicy
{
    public override string Name => PlacementPolicyNames.PreferPhysical;

    public override PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device)
    {
        return PlacementVerdict.Accept(device.Facts.Kind == DeviceKind.Physical ? 1 : 0);
    }
}
