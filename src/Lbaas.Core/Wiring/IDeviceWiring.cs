using Ml2.Lbaas;

namespace Lbaas.Wiring;

/// <summary>
/// Wires devices into networks through the ML2 plugin: a VIP port with an address from the VIP subnet, and the
/// device's data ports on the VIP and member networks (device owner <c>neutron:LOADBALANCERV2</c>, binding host = the
/// device's host, so a mechanism driver binds the switch port facing it), reused while other load balancers need them.
/// </summary>
internal interface IDeviceWiring
{
    /// <summary>Wires a placed load balancer (idempotent: existing ports are reused).</summary>
    ValueTask<WiringResult> WireAsync(Device device, LoadBalancer loadBalancer, CancellationToken cancellationToken);

    /// <summary>
    /// Removes a load balancer's VIP port and every device port on a network that no remaining load balancer of the
    /// device uses (<paramref name="networksStillUsed"/>).
    /// </summary>
    ValueTask UnwireAsync(Device device, LoadBalancer loadBalancer, IReadOnlySet<string> networksStillUsed, CancellationToken cancellationToken);
}
