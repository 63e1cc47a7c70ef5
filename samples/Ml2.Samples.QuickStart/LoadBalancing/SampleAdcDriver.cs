using Lbaas;

namespace Ml2.Samples.QuickStart.LoadBalancing;

/// <summary>
/// A vendor load-balancer driver for an imaginary appliance ("ADC"): it would translate each operation to the
/// device's API with the device's credentials; here it records what it would have sent.
/// </summary>
public sealed class SampleAdcDriver : ILoadBalancerDriver
{
    private readonly List<string> _calls = [];
    private readonly Lock _lock = new();

    public string Name => "sample-adc";

    public LoadBalancerDriverCapabilities Capabilities { get; } = new()
    {
        Kind = DeviceKind.Physical,
        MaxVipsPerDevice = 64,
        MaxNetworksPerInterface = 16,
        Topologies = new HashSet<string> { LoadBalancerTopologies.Single, LoadBalancerTopologies.ActiveStandby },
    };

    /// <summary>What the driver sent to devices, in order.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public ValueTask CreateLoadBalancerAsync(LoadBalancerDriverRequest<LoadBalancer> request, CancellationToken cancellationToken) =>
        Record($"{request.Device.Name}: create virtual server {request.Current.VipAddress} for {request.Current.Name}");

    public ValueTask DeleteLoadBalancerAsync(LoadBalancerDriverRequest<LoadBalancer> request, CancellationToken cancellationToken) =>
        Record($"{request.Device.Name}: delete virtual server {request.Current.VipAddress}");

    public ValueTask CreateListenerAsync(LoadBalancerDriverRequest<Listener> request, CancellationToken cancellationToken) =>
        Record($"{request.Device.Name}: listen {request.Current.Protocol}:{request.Current.ProtocolPort} on {request.LoadBalancer.VipAddress}");

    public ValueTask CreatePoolAsync(LoadBalancerDriverRequest<LoadBalancerPool> request, CancellationToken cancellationToken) =>
        Record($"{request.Device.Name}: pool {request.Current.Name} ({request.Current.LbAlgorithm})");

    public ValueTask CreateMemberAsync(LoadBalancerDriverRequest<Member> request, CancellationToken cancellationToken) =>
        Record($"{request.Device.Name}: member {request.Current.Address}:{request.Current.ProtocolPort}");

    private ValueTask Record(string call)
    {
        lock (_lock)
        {
            _calls.Add(call);
        }

        return default;
    }
}
