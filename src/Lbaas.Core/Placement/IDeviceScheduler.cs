using Lbaas.Devices;
using Lbaas;

namespace Lbaas.Placement;

/// <summary>
/// Chooses a device for a load balancer and claims its capacity atomically: filter (each rejection has a reason) ->
/// score (weighted, normalised) -> pick (ties by the injected random source, optionally among the top k) -> reserve
/// (compare-and-set on the device revision; on conflict the next candidate). Falls back to a provisioner when every
/// device is rejected and the provider can spawn.
/// </summary>
public interface IDeviceScheduler
{
    /// <summary>Places a load balancer and claims one VIP slot (and its networks) on the chosen device.</summary>
    /// <param name="request">What the load balancer needs.</param>
    /// <param name="claim">What it will hold on the device.</param>
    /// <param name="cancellationToken">Cancels the placement.</param>
    /// <returns>The explained result; <see cref="PlacementResult.DeviceId"/> is null when nothing fits.</returns>
    /// <exception cref="LoadBalancerAlreadyPlacedException">
    /// The load balancer already holds a claim in <paramref name="claim"/>'s <see cref="LoadBalancerClaim.Slot"/> (the
    /// store refused the claim on the chosen device); nothing was claimed and the existing claim is untouched.
    /// </exception>
    ValueTask<PlacementResult> ScheduleAsync(PlacementRequest request, LoadBalancerClaim claim, CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases a load balancer's claim on a device (after a failed wire or agent call, or on delete): in the state
    /// store first, then in the in-memory device cache.
    /// </summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="loadBalancerId">The load balancer.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether a claim was released.</returns>
    ValueTask<bool> ReleaseAsync(string deviceId, string loadBalancerId, CancellationToken cancellationToken = default);
}
