using Lbaas;
using Lbaas.Devices;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement.Policies;

/// <summary>Rejects a device, or a device in a cluster, that the request must avoid (the other half of an ACTIVE_STANDBY pair).</summary>
internal sealed class AntiAffinityPolicy : BuiltInPolicy
{
    public const string Reason = "anti-affinity";

    public override string Name => PlacementPolicyNames.AntiAffinity;

    public override PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device)
    {
        if (!request.Avoids)
        {
            return PlacementVerdict.Accept();
        }

        var avoid = request.Request;
        return avoid.AvoidDeviceIds.Contains(device.Id)
            || (device.Facts.Has(DeviceFactFlags.Clustered) && device.Record.ClusterId is { } cluster && avoid.AvoidClusterIds.Contains(cluster))
            ? PlacementVerdict.Reject(Reason)
            : PlacementVerdict.Accept();
    }
}
