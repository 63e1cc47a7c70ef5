using System.Collections.Concurrent;
using Lbaas;

namespace Ml2.Docs.Examples;

/// <summary>
/// A driver for an imaginary appliance: it would call the device's API with <c>request.Device.Credentials</c>; here it
/// records what it would send. Operations may be redone after an agent dies, so each one is idempotent.
/// </summary>
public sealed class ExampleAdcDriver : ILoadBalancerDriver
{
    public string Name => "example-adc";

    public LoadBalancerDriverCapabilities Capabilities { get; } = new() { MaxVipsPerDevice = 100, MaxNetworksPerInterface = 16 };

    /// <summary>Virtual servers on each device, by load balancer id.</summary>
    public ConcurrentDictionary<string, string> VirtualServers { get; } = new();

    public string? VetoDevice(PlacementRequest request, DeviceSnapshot device) =>
        device.Device.ManagementAddress.Length == 0 ? "no management address" : null;

    public ValueTask CreateLoadBalancerAsync(LoadBalancerDriverRequest<LoadBalancer> request, CancellationToken cancellationToken)
    {
        // Idempotent: creating what exists overwrites it.
        VirtualServers[request.Current.Id] = $"{request.Device.Id} {request.Current.VipAddress}";
        return default;
    }

    public ValueTask DeleteLoadBalancerAsync(LoadBalancerDriverRequest<LoadBalancer> request, CancellationToken cancellationToken)
    {
        VirtualServers.TryRemove(request.Current.Id, out _);   // deleting what is gone succeeds
        return default;
    }
}
