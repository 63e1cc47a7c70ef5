using Lbaas;

namespace Lbaas.Core.Tests.Placement.Support;

/// <summary>A load-balancer driver whose placement hooks and capabilities are set by the test.</summary>
public sealed class FakeLoadBalancerDriver(string name = "fake") : ILoadBalancerDriver
{
    public string Name { get; } = name;

    public LoadBalancerDriverCapabilities Capabilities { get; init; } = new();

    public Func<PlacementRequest, DeviceSnapshot, string?>? Veto { get; init; }

    public Func<PlacementRequest, IReadOnlyList<DeviceSnapshot>, string?>? Choose { get; init; }

    public string? VetoDevice(PlacementRequest request, DeviceSnapshot device) => Veto?.Invoke(request, device);

    public string? ChooseDevice(PlacementRequest request, IReadOnlyList<DeviceSnapshot> candidates) => Choose?.Invoke(request, candidates);
}
