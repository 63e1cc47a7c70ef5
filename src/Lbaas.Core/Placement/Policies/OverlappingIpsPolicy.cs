using Lbaas;
using Lbaas.Devices;
using Lbaas.Placement.Judging;

namespace Lbaas.Placement.Policies;

/// <summary>Rejects a device that already hosts the request's VIP address and cannot keep two VIPs with one address apart (no route domains / VRFs). The address collides on such a device whichever project holds it, so the project is not asked.</summary>
internal sealed class OverlappingIpsPolicy : BuiltInPolicy
{
    public const string OverlappingNotSupported = "overlapping VIP address not supported";

    public override string Name => PlacementPolicyNames.OverlappingIps;

    public override PlacementVerdict Evaluate(in JudgedRequest request, in JudgedDevice device)
    {
        return request.Request.VipAddress is { } address && !device.Facts.Has(DeviceFactFlags.SupportsOverlappingIps) && device.HostsVipAddress(address)
            ? PlacementVerdict.Reject(OverlappingNotSupported)
            : PlacementVerdict.Accept();
    }
}
