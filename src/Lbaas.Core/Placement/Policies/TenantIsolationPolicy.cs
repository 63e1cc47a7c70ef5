using Lbaas;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement.Policies;

/// <summary>Rejects a device private to another project.</summary>
internal sealed class TenantIsolationPolicy : BuiltInPolicy
{
    public const string PrivateToAnotherProject = "private to another project";

    public override string Name => PlacementPolicyNames.TenantIsolation;

    public override PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device)
    {
        var owner = device.Facts.Owner;
        return owner != 0 && owner != request.Owner ? PlacementVerdict.Reject(PrivateToAnotherProject) : PlacementVerdict.Accept();
    }
}
