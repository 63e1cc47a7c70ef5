namespace Lbaas;

/// <summary>What a device can carry.</summary>
/// <param name="MaxVips">Load balancers (VIPs) the device can host.</param>
/// <param name="MaxNetworks">Networks (VLANs) the device's data interface can be wired into.</param>
public sealed record DeviceCapacity(int MaxVips, int MaxNetworks);
