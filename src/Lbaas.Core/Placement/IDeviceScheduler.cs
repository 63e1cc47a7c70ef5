using Lbaas.Devices;
using Lbaas;

namespace Lbaas.Placement;

/// <summary>
/// Chooses a device for a load balancer and claims its capacity atomically: filter (each rejection has a reason) ->
/// score (weighted, normalised) -> pick (ties by the injected random source, optionally among the top k) -> reserve
/// (compare-and-set on the device revision; on conflict the next candidate). Falls back to a provisioner when every
/// device is rejected and the provider can spawn. Releasing a claim is the registry's
/// (<see cref="IDeviceRegistry.ReleaseAsync"/>).
/// </summary>
public interface IDeviceScheduler
{
    /// <summary>Places a load balancer and claims one VIP slot (and its networks) on the chosen device.</summary>
    /// <param name="request">
    /// What the load balancer needs; the claim taken holds its load balancer, project, VIP and member networks and VIP
    /// address, in its <see cref="PlacementRequest.Slot"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the placement.</param>
    /// <returns>The explained result; <see cref="PlacementResult.DeviceId"/> is null when nothing fits.</returns>
    /// <exception cref="LoadBalancerAlreadyPlacedException">
    /// The load balancer already holds a claim in the request's <see cref="PlacementRequest.Slot"/> (the store refused
    /// the claim on the chosen device); nothing was claimed and the existing claim is untouched.
    /// </exception>
    ValueTask<PlacementResult> ScheduleAsync(PlacementRequest request, CancellationToken cancellationToken = default);
}
