using Lbaas;

namespace Lbaas.Placement.Policies;

/// <summary>Rejects a device that is administratively down, draining or down; a degraded device passes.</summary>
internal sealed class AdminStateAndHealthPolicy : IPlacementPolicy
{
    public const string Disabled = "disabled";

    public const string Draining = "draining";

    public const string Down = "down";

    public string Name => PlacementPolicyNames.AdminStateAndHealth;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        var d = device.Record;
        if (!d.AdminStateUp)
        {
            return PlacementVerdict.Reject(Disabled);
        }

        if (d.Draining)
        {
            return PlacementVerdict.Reject(Draining);
        }

        return d.Health == DeviceHealth.Down ? PlacementVerdict.Reject(Down) : PlacementVerdict.Accept();
    }
}
