using Lbaas;
using Lbaas.Storage;

namespace Lbaas.Placement.Policies;

/// <summary>Rejects a device without a free VIP slot, or without room for the networks the request would newly wire it into.</summary>
internal sealed class CapacityPolicy : IPlacementPolicy
{
    public const string AtVipCapacity = "at VIP capacity";

    public const string AtNetworkCapacity = "at network capacity";

    public string Name => PlacementPolicyNames.Capacity;

    public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        return ClaimAdmission.Evaluate(device.Record.Capacity, device, request.VipNetworkId, request.MemberNetworkId) switch
        {
            ClaimStatus.AtVipCapacity => PlacementVerdict.Reject(AtVipCapacity),
            ClaimStatus.AtNetworkCapacity => PlacementVerdict.Reject(AtNetworkCapacity),
            _ => PlacementVerdict.Accept(),
        };
    }
}
