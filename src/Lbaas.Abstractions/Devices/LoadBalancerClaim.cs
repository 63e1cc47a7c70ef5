namespace Lbaas.Devices;

/// <summary>What a placed load balancer holds on a device: one VIP slot and the networks it is wired into.</summary>
/// <param name="LoadBalancerId">The load balancer.</param>
/// <param name="TenantId">Its project.</param>
/// <param name="VipNetworkId">The VIP network.</param>
/// <param name="MemberNetworkId">The member network, or null.</param>
/// <param name="VipAddress">The VIP address, or null when not yet allocated.</param>
public sealed record LoadBalancerClaim(string LoadBalancerId, string TenantId, string VipNetworkId, string? MemberNetworkId, string? VipAddress)
{
    /// <summary>The slot of the only (SINGLE) or active device.</summary>
    public const int ActiveSlot = 0;

    /// <summary>The slot of the standby device of an ACTIVE_STANDBY load balancer.</summary>
    public const int StandbySlot = 1;

    /// <summary>
    /// Which of the load balancer's placements this claim is: <see cref="ActiveSlot"/> (0) for its only or active
    /// device, <see cref="StandbySlot"/> (1) for the standby of ACTIVE_STANDBY. A load balancer holds at most one claim
    /// per slot, whatever the device: a store refuses a second one (<see cref="Storage.ClaimStatus.AlreadyPlaced"/>),
    /// so placing a load balancer that is already placed never takes a second device.
    /// </summary>
    public int Slot { get; init; }
}
