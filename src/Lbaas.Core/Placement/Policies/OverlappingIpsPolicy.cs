using Lbaas;

namespace Lbaas.Placement.Policies;

/// <summary>Rejects a device that already hosts the request's VIP address and cannot keep two VIPs with one address apart (no route domains / VRFs). The address collides on such a device whichever project holds it, so the project is not asked.</summary>
internal sealed class OverlappingIpsPolicy : IPlacementPolicy
{
    public const string OverlappingNotSupported = "overlapping VIP address not supported";

    public string Name => PlacementPolicyNames.OverlappingIps;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        return request.VipAddress is { } address && !device.Record.SupportsOverlappingIps && device.VipAddresses.Contains(address)
            ? PlacementVerdict.Reject(OverlappingNotSupported)
            : PlacementVerdict.Accept();
    }
}
