using Lbaas.Devices;

namespace Lbaas.Storage;

/// <summary>One row of the claims table: a load balancer's claim on a device.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Claim">The claim.</param>
public sealed record DeviceClaim(string DeviceId, LoadBalancerClaim Claim);
