using Lbaas;

namespace Lbaas.Wiring;

/// <summary>
/// Wires devices into networks through the ML2 plugin: a VIP port with an address from the VIP subnet, and the
/// device's data ports on the VIP and member networks (device owner <c>neutron:LOADBALANCERV2</c>, binding host = the
/// device's host, so a mechanism driver binds the switch port facing it), reused while other load balancers need them.
/// </summary>
/// <remarks>
/// Ports are found again by their attributes, never remembered: the VIP port by device id = load balancer id, device
/// owner and VIP network; a device port by device id = device id, device owner and network. Errors from ML2 keep
/// their type (<c>ResourceNotFoundException</c> for a missing network, <c>InvalidInputException</c> for a VIP subnet
/// not on the VIP network, <c>IpAddressGenerationFailureException</c> when the subnet is full, ...).
/// </remarks>
internal interface IDeviceWiring
{
    /// <summary>
    /// Wires a placed load balancer: finds or creates its VIP port (in the load balancer's project, address from
    /// <see cref="LoadBalancer.VipSubnetId"/>, or <see cref="LoadBalancer.VipAddress"/> when already known) and the
    /// device's ports on the VIP and member networks. Idempotent: existing ports are reused. On failure every port
    /// this call created is deleted again and the error is rethrown; reused ports are left alone.
    /// </summary>
    /// <param name="device">The device the load balancer was placed on.</param>
    /// <param name="loadBalancer">The load balancer.</param>
    /// <param name="cancellationToken">Cancels the call (ports created so far are removed).</param>
    /// <returns>The VIP port and address and the device ports by network.</returns>
    ValueTask<WiringResult> WireAsync(Device device, LoadBalancer loadBalancer, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a load balancer's VIP port and every device port on a network that no remaining load balancer of the
    /// device uses (<paramref name="networksStillUsed"/>). Idempotent: ports already gone are fine.
    /// </summary>
    /// <param name="device">The device the load balancer leaves.</param>
    /// <param name="loadBalancer">The load balancer.</param>
    /// <param name="networksStillUsed">The networks the device's other load balancers still use (VIP and member).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the ports are gone.</returns>
    ValueTask UnwireAsync(Device device, LoadBalancer loadBalancer, IReadOnlySet<string> networksStillUsed, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="UnwireAsync(Device, LoadBalancer, IReadOnlySet{string}, CancellationToken)"/>, but asks for the
    /// networks still used only once the device's wiring is held, so a claim another instance committed meanwhile is
    /// seen and its port kept.
    /// </summary>
    ValueTask UnwireAsync(Device device, LoadBalancer loadBalancer, Func<CancellationToken, ValueTask<IReadOnlySet<string>>> networksStillUsed, CancellationToken cancellationToken);
}
