using System.Text.Json;

namespace Lbaas;

/// <summary>
/// A vendor's load-balancer driver: translates the logical model (load balancer / VIP, listener, pool, member, health
/// monitor) to its device, declares the devices' capabilities, validates flavor metadata, and may take part in
/// placement. Every operation defaults to a no-op, so a driver implements only what its device needs.
/// </summary>
/// <remarks>
/// Operations run on the agent that owns the device and may be redone after an agent dies, so they must be
/// idempotent (creating what exists, or deleting what is gone, succeeds). Throwing marks the object ERROR.
/// </remarks>
public interface ILoadBalancerDriver
{
    /// <summary>The driver's name (providers map to it).</summary>
    string Name { get; }

    /// <summary>What the driver's devices can do.</summary>
    LoadBalancerDriverCapabilities Capabilities { get; }

    /// <summary>Validates a flavor's metadata; throw <see cref="Ml2.Exceptions.InvalidInputException"/> naming the bad key and value.</summary>
    /// <param name="metadata">The metadata.</param>
    void ValidateFlavor(IReadOnlyDictionary<string, JsonElement> metadata)
    {
    }

    /// <summary>Lets the vendor veto a device the policies accepted (only it knows some device limits).</summary>
    /// <param name="request">What the load balancer needs.</param>
    /// <param name="device">A candidate.</param>
    /// <returns>A reason to reject the device, or null to accept it.</returns>
    string? VetoDevice(PlacementRequest request, DeviceSnapshot device) => null;

    /// <summary>
    /// When the operator lets the driver pick (<c>LbaasOptions.DriverChoosesDevice</c>), chooses among the accepted
    /// candidates, best first as scored.
    /// </summary>
    /// <param name="request">What the load balancer needs.</param>
    /// <param name="candidates">The accepted devices, best score first.</param>
    /// <returns>The chosen device id, or null to keep the scheduler's choice.</returns>
    string? ChooseDevice(PlacementRequest request, IReadOnlyList<DeviceSnapshot> candidates) => null;

    /// <summary>Creates the load balancer (its VIP) on the device.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask CreateLoadBalancerAsync(LoadBalancerDriverRequest<LoadBalancer> request, CancellationToken cancellationToken) => default;

    /// <summary>Updates the load balancer on the device.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask UpdateLoadBalancerAsync(LoadBalancerDriverRequest<LoadBalancer> request, CancellationToken cancellationToken) => default;

    /// <summary>Deletes the load balancer from the device.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask DeleteLoadBalancerAsync(LoadBalancerDriverRequest<LoadBalancer> request, CancellationToken cancellationToken) => default;

    /// <summary>Creates a listener.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask CreateListenerAsync(LoadBalancerDriverRequest<Listener> request, CancellationToken cancellationToken) => default;

    /// <summary>Updates a listener.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask UpdateListenerAsync(LoadBalancerDriverRequest<Listener> request, CancellationToken cancellationToken) => default;

    /// <summary>Deletes a listener.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask DeleteListenerAsync(LoadBalancerDriverRequest<Listener> request, CancellationToken cancellationToken) => default;

    /// <summary>Creates a pool.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask CreatePoolAsync(LoadBalancerDriverRequest<LoadBalancerPool> request, CancellationToken cancellationToken) => default;

    /// <summary>Updates a pool.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask UpdatePoolAsync(LoadBalancerDriverRequest<LoadBalancerPool> request, CancellationToken cancellationToken) => default;

    /// <summary>Deletes a pool.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask DeletePoolAsync(LoadBalancerDriverRequest<LoadBalancerPool> request, CancellationToken cancellationToken) => default;

    /// <summary>Creates a member.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask CreateMemberAsync(LoadBalancerDriverRequest<Member> request, CancellationToken cancellationToken) => default;

    /// <summary>Updates a member.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask UpdateMemberAsync(LoadBalancerDriverRequest<Member> request, CancellationToken cancellationToken) => default;

    /// <summary>Deletes a member.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask DeleteMemberAsync(LoadBalancerDriverRequest<Member> request, CancellationToken cancellationToken) => default;

    /// <summary>Creates a health monitor.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask CreateHealthMonitorAsync(LoadBalancerDriverRequest<HealthMonitor> request, CancellationToken cancellationToken) => default;

    /// <summary>Updates a health monitor.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask UpdateHealthMonitorAsync(LoadBalancerDriverRequest<HealthMonitor> request, CancellationToken cancellationToken) => default;

    /// <summary>Deletes a health monitor.</summary>
    /// <param name="request">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is configured.</returns>
    ValueTask DeleteHealthMonitorAsync(LoadBalancerDriverRequest<HealthMonitor> request, CancellationToken cancellationToken) => default;
}
