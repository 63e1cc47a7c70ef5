using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Plugin;

namespace Ml2.Benchmarks.Storage;

/// <summary>
/// create_port on the SQLite file store (WAL, synchronous=NORMAL: the documented defaults) with an IPv4 /16 subnet and
/// 4 no-op mechanism drivers (goal: median &lt;= 150 us; Neutron on a sqlite file: ~70-84 ms). Every op is one real
/// committed SQLite transaction on a file in a temporary directory (deleted in <see cref="Cleanup"/>).
/// <list type="bullet">
/// <item><see cref="CreatePort"/>: ports created in an iteration (1,024 invocations) are deleted after it, so the /16
/// never fills and the table stays small.</item>
/// <item><see cref="CreateAndDeletePort"/>: create_port then delete_port in the op (two transactions), so the database
/// does not grow at all.</item>
/// <item><see cref="CreateNetwork"/>: create_network of a VXLAN tenant network (VNI allocated from 1..16,777,215);
/// networks are deleted after each iteration.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1024)]
public class SqliteCreatePortBenchmark
{
    private readonly List<string> _ports = [];
    private readonly List<string> _networks = [];
    private string _directory = null!;
    private StorageBenchmarkHost _host = null!;
    private PortCreateRequest _request = null!;
    private NetworkCreateRequest _network = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("ml2-bench-sqlite-").FullName;
        var file = Path.Combine(_directory, "ml2.db");
        _host = StorageBenchmarkHost.Create(b => b.UseSqliteStore($"Data Source={file}"));
        var networkId = _host.CreateNetworkWithSubnetAsync("bench", "10.0.0.0/16").GetAwaiter().GetResult();
        _request = new PortCreateRequest { NetworkId = networkId };
        _network = new NetworkCreateRequest { Name = "bench-vxlan" };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [IterationCleanup(Target = nameof(CreatePort))]
    public void DeletePorts()
    {
        foreach (var id in _ports)
        {
            _host.Plugin.DeletePortAsync(StorageBenchmarkHost.Admin, id).AsTask().GetAwaiter().GetResult();
        }

        _ports.Clear();
    }

    [IterationCleanup(Target = nameof(CreateNetwork))]
    public void DeleteNetworks()
    {
        foreach (var id in _networks)
        {
            _host.Plugin.DeleteNetworkAsync(StorageBenchmarkHost.Admin, id).AsTask().GetAwaiter().GetResult();
        }

        _networks.Clear();
    }

    [Benchmark(Baseline = true)]
    public string CreatePort()
    {
        var port = _host.Plugin.CreatePortAsync(StorageBenchmarkHost.Admin, _request).AsTask().GetAwaiter().GetResult();
        _ports.Add(port.Id);
        return port.Id;
    }

    [Benchmark]
    public string CreateAndDeletePort()
    {
        var port = _host.Plugin.CreatePortAsync(StorageBenchmarkHost.Admin, _request).AsTask().GetAwaiter().GetResult();
        _host.Plugin.DeletePortAsync(StorageBenchmarkHost.Admin, port.Id).AsTask().GetAwaiter().GetResult();
        return port.Id;
    }

    [Benchmark]
    public string CreateNetwork()
    {
        var network = _host.Plugin.CreateNetworkAsync(StorageBenchmarkHost.Admin, _network).AsTask().GetAwaiter().GetResult();
        _networks.Add(network.Id);
        return network.Id;
    }
}
