using BenchmarkDotNet.Attributes;
using Ml2.Plugin;

namespace Ml2.Benchmarks.Plugin;

/// <summary>
/// create_port on the in-memory store with an IPv4 subnet and 4 no-op mechanism drivers (goal: median &lt;= 10 us), and
/// with a binding host (goal: create + bind &lt;= 20 us). Ports created in an iteration are deleted after it.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(4096)]
public class CreatePortBenchmark
{
    private readonly List<string> _created = [];
    private PluginBenchmarkHost _host = null!;
    private PortCreateRequest _unbound = null!;
    private PortCreateRequest _bound = null!;

    [GlobalSetup]
    public void Setup()
    {
        _host = PluginBenchmarkHost.CreateAsync().GetAwaiter().GetResult();
        _unbound = new PortCreateRequest { NetworkId = _host.NetworkId };
        _bound = new PortCreateRequest { NetworkId = _host.NetworkId, HostId = "compute-1" };
    }

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [IterationCleanup]
    public void DeletePorts()
    {
        foreach (var id in _created)
        {
            _host.Plugin.DeletePortAsync(PluginBenchmarkHost.Admin, id).AsTask().GetAwaiter().GetResult();
        }

        _created.Clear();
    }

    [Benchmark(Baseline = true)]
    public string CreatePort()
    {
        var port = _host.Plugin.CreatePortAsync(PluginBenchmarkHost.Admin, _unbound).AsTask().GetAwaiter().GetResult();
        _created.Add(port.Id);
        return port.Id;
    }

    [Benchmark]
    public string CreatePortBoundAtCreate()
    {
        var port = _host.Plugin.CreatePortAsync(PluginBenchmarkHost.Admin, _bound).AsTask().GetAwaiter().GetResult();
        _created.Add(port.Id);
        return port.Id;
    }
}
