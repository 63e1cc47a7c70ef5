namespace Lbaas.Wiring;

/// <summary>What wiring a load balancer into a device produced.</summary>
/// <param name="VipPortId">The ML2 port holding the VIP address.</param>
/// <param name="VipAddress">The VIP address.</param>
/// <param name="DevicePortIds">The device's data ports, by network id (reused when the device was already wired).</param>
public sealed record WiringResult(string VipPortId, string VipAddress, IReadOnlyDictionary<string, string> DevicePortIds)
{
    /// <summary>
    /// The device ports that no mechanism driver bound (vif type <c>binding_failed</c> or <c>unbound</c>): the switch
    /// port facing the device may not be configured. ML2 keeps a failed binding as state, not an error, so wiring
    /// succeeds; the caller decides whether the load balancer can go ACTIVE. Empty when every device port is bound.
    /// </summary>
    public IReadOnlyList<string> UnboundDevicePortIds { get; init; } = [];
}
