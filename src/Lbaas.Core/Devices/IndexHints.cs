namespace Lbaas.Devices;

/// <summary>
/// The index sets a placement already looked up for its request (devices on its VIP and member networks, devices
/// hosting its project), handed to the claim so filing the device under them needs no second lookup. Any of them may
/// be null or outdated; the claim then looks the set up itself.
/// </summary>
/// <param name="VipNetwork">Devices on the VIP network.</param>
/// <param name="MemberNetwork">Devices on the member network.</param>
/// <param name="Tenant">Devices hosting the project.</param>
internal readonly record struct IndexHints(DeviceSlotSet? VipNetwork, DeviceSlotSet? MemberNetwork, DeviceSlotSet? Tenant);
