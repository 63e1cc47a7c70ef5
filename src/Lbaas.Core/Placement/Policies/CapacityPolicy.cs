using Lbaas;

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
        if (device.FreeVips <= 0)
        {
            return PlacementVerdict.Reject(AtVipCapacity);
        }

        var newNetworks = device.NewNetworksFor(request.VipNetworkId, request.MemberNetworkId);
        return newNetworks > 0 && newNetworks > device.Device.Capacity.MaxNetworks - device.WiredNetworkIds.Count
            ? PlacementVerdict.Reject(AtNetworkCapacity)
            : PlacementVerdict.Accept();
    }
}
