using Lbaas;

namespace Lbaas.Placement.Policies;

/// <summary>Rejects a device, or a device in a cluster, that the request must avoid (the other half of an ACTIVE_STANDBY pair).</summary>
internal sealed class AntiAffinityPolicy : IPlacementPolicy
{
    public const string Reason = "anti-affinity";

    public string Name => PlacementPolicyNames.AntiAffinity;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        var d = device.Record;
        return request.AvoidDeviceIds.Contains(d.Id) || (d.ClusterId is { } cluster && request.AvoidClusterIds.Contains(cluster))
            ? PlacementVerdict.Reject(Reason)
            : PlacementVerdict.Accept();
    }
}
