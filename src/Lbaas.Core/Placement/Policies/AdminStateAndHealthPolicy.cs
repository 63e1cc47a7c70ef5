using Lbaas;
using Lbaas.Devices;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement.Policies;

/// <summary>Rejects a device that is administratively down, draining or down; a degraded device passes.</summary>
internal sealed class AdminStateAndHealthPolicy : BuiltInPolicy
{
    public const string Disabled = "disabled";

    public const string Draining = "draining";

    public const string Down = "down";

    public override string Name => PlacementPolicyNames.AdminStateAndHealth;

    public override PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device)
    {
        var facts = device.Facts;
        if (!facts.Has(DeviceFactFlags.AdminStateUp))
        {
            return PlacementVerdict.Reject(Disabled);
        }

        if (facts.Has(DeviceFactFlags.Draining))
        {
            return PlacementVerdict.Reject(Draining);
        }

        return facts.Has(DeviceFactFlags.Down) ? PlacementVerdict.Reject(Down) : PlacementVerdict.Accept();
    }
}
