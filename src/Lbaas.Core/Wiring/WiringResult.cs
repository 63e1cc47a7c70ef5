namespace Lbaas.Wiring;

/// <summary>What wiring a load balancer into a device produced.</summary>
/// <param name="VipPortId">The ML2 port holding the VIP address.</param>
/// <param name="VipAddress">The VIP address.</param>
/// <param name="DevicePortIds">The device's data ports, by network id (reused when the device was already wired).</param>
public sealed record WiringResult(string VipPortId, string VipAddress, IReadOnlyDictionary<string, string> DevicePortIds);
