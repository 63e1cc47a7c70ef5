using System.Collections.Concurrent;
using System.Text.Json;
using Ml2.Exceptions;
using Lbaas;

namespace Ml2.TestUtilities;

/// <summary>
/// A load-balancer driver that records every call, can fail chosen calls, and can hold calls at a gate until the test
/// releases them (so objects stay PENDING_* deterministically, without sleeping). Its flavor validation accepts
/// <c>loadbalancer_topology</c> and <c>compute_flavor</c> only; its placement hooks (<see cref="Veto"/>,
/// <see cref="Choose"/>) and <see cref="Capabilities"/> are the test's to set.
/// </summary>
public sealed class RecordingLoadBalancerDriver : ILoadBalancerDriver
{
    private readonly ConcurrentQueue<DriverCall> _calls = new();
    private volatile DriverGate? _gate;

    public RecordingLoadBalancerDriver(string name = "recording", params string[] topologies)
    {
        Name = name;
        Capabilities = new LoadBalancerDriverCapabilities
        {
            Topologies = new HashSet<string>(topologies.Length == 0 ? [LoadBalancerTopologies.Single, LoadBalancerTopologies.ActiveStandby] : topologies, StringComparer.Ordinal),
        };
    }

    public string Name { get; }

    public LoadBalancerDriverCapabilities Capabilities { get; init; }

    /// <summary>The vendor's veto of a device the policies accepted (a reason), or null to accept every device.</summary>
    public Func<PlacementRequest, DeviceSnapshot, string?>? Veto { get; init; }

    /// <summary>The vendor's choice among the candidates (a device id), or null to leave the choice to the scheduler.</summary>
    public Func<PlacementRequest, IReadOnlyList<DeviceSnapshot>, string?>? Choose { get; init; }

    public IReadOnlyList<DriverCall> Calls => [.. _calls];

    /// <summary>Returns an exception for calls that should fail, or null.</summary>
    public Func<DriverCall, Exception?>? Fail { get; set; }

    /// <summary>Holds every call from now on at a gate until it is released.</summary>
    public DriverGate Hold()
    {
        var gate = new DriverGate();
        _gate = gate;
        return gate;
    }

    /// <summary>Stops holding calls (calls already at the gate keep waiting for its release).</summary>
    public void StopHolding() => _gate = null;

    public IReadOnlyList<DriverCall> CallsOf(string method) => [.. _calls.Where(c => c.Method == method)];

    /// <summary>When set, flavor validation throws it (a driver that cannot validate right now).</summary>
    public Exception? FlavorFailure { get; set; }

    public void ValidateFlavor(IReadOnlyDictionary<string, JsonElement> metadata)
    {
        if (FlavorFailure is { } failure)
        {
            throw failure;
        }

        foreach (var (key, value) in metadata)
        {
            if (key is not ("loadbalancer_topology" or "compute_flavor"))
            {
                throw new InvalidInputException(key, value.ToString(), $"Unsupported flavor metadata key '{key}'");
            }
        }
    }

    public string? VetoDevice(PlacementRequest request, DeviceSnapshot device) => Veto?.Invoke(request, device);

    public string? ChooseDevice(PlacementRequest request, IReadOnlyList<DeviceSnapshot> candidates) => Choose?.Invoke(request, candidates);

    public ValueTask CreateLoadBalancerAsync(LoadBalancerDriverRequest<LoadBalancer> request, CancellationToken cancellationToken) => RecordAsync("CreateLoadBalancer", request, request.Current.Id, cancellationToken);

    public ValueTask UpdateLoadBalancerAsync(LoadBalancerDriverRequest<LoadBalancer> request, CancellationToken cancellationToken) => RecordAsync("UpdateLoadBalancer", request, request.Current.Id, cancellationToken);

    public ValueTask DeleteLoadBalancerAsync(LoadBalancerDriverRequest<LoadBalancer> request, CancellationToken cancellationToken) => RecordAsync("DeleteLoadBalancer", request, request.Current.Id, cancellationToken);

    public ValueTask CreateListenerAsync(LoadBalancerDriverRequest<Listener> request, CancellationToken cancellationToken) => RecordAsync("CreateListener", request, request.Current.Id, cancellationToken);

    public ValueTask UpdateListenerAsync(LoadBalancerDriverRequest<Listener> request, CancellationToken cancellationToken) => RecordAsync("UpdateListener", request, request.Current.Id, cancellationToken);

    public ValueTask DeleteListenerAsync(LoadBalancerDriverRequest<Listener> request, CancellationToken cancellationToken) => RecordAsync("DeleteListener", request, request.Current.Id, cancellationToken);

    public ValueTask CreatePoolAsync(LoadBalancerDriverRequest<LoadBalancerPool> request, CancellationToken cancellationToken) => RecordAsync("CreatePool", request, request.Current.Id, cancellationToken);

    public ValueTask UpdatePoolAsync(LoadBalancerDriverRequest<LoadBalancerPool> request, CancellationToken cancellationToken) => RecordAsync("UpdatePool", request, request.Current.Id, cancellationToken);

    public ValueTask DeletePoolAsync(LoadBalancerDriverRequest<LoadBalancerPool> request, CancellationToken cancellationToken) => RecordAsync("DeletePool", request, request.Current.Id, cancellationToken);

    public ValueTask CreateMemberAsync(LoadBalancerDriverRequest<Member> request, CancellationToken cancellationToken) => RecordAsync("CreateMember", request, request.Current.Id, cancellationToken);

    public ValueTask UpdateMemberAsync(LoadBalancerDriverRequest<Member> request, CancellationToken cancellationToken) => RecordAsync("UpdateMember", request, request.Current.Id, cancellationToken);

    public ValueTask DeleteMemberAsync(LoadBalancerDriverRequest<Member> request, CancellationToken cancellationToken) => RecordAsync("DeleteMember", request, request.Current.Id, cancellationToken);

    public ValueTask CreateHealthMonitorAsync(LoadBalancerDriverRequest<HealthMonitor> request, CancellationToken cancellationToken) => RecordAsync("CreateHealthMonitor", request, request.Current.Id, cancellationToken);

    public ValueTask UpdateHealthMonitorAsync(LoadBalancerDriverRequest<HealthMonitor> request, CancellationToken cancellationToken) => RecordAsync("UpdateHealthMonitor", request, request.Current.Id, cancellationToken);

    public ValueTask DeleteHealthMonitorAsync(LoadBalancerDriverRequest<HealthMonitor> request, CancellationToken cancellationToken) => RecordAsync("DeleteHealthMonitor", request, request.Current.Id, cancellationToken);

    private async ValueTask RecordAsync<T>(string method, LoadBalancerDriverRequest<T> request, string objectId, CancellationToken cancellationToken)
        where T : class
    {
        var call = new DriverCall(method, objectId, request.Device.Id, request.LoadBalancer.Id, request.Device.Credentials is { Password.Length: > 0 });
        _calls.Enqueue(call);
        if (_gate is { } gate)
        {
            await gate.WaitAsync(call, cancellationToken);
        }

        if (Fail?.Invoke(call) is { } failure)
        {
            throw failure;
        }
    }
}
