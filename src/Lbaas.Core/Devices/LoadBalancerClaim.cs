namespace Lbaas.Devices;

/// <summary>What a placed load balancer holds on a device: one VIP slot and the networks it is wired into.</summary>
/// <param name="LoadBalancerId">The load balancer.</param>
/// <param name="TenantId">Its project.</param>
/// <param name="VipNetworkId">The VIP network.</param>
/// <param name="MemberNetworkId">The member network, or null.</param>
/// <param name="VipAddress">The VIP address, or null when not yet allocated.</param>
public sealed record LoadBalancerClaim(string LoadBalancerId, string TenantId, string VipNetworkId, string? MemberNetworkId, string? VipAddress);
