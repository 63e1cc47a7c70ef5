using BenchmarkDotNet.Attributes;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Benchmarks.Compare;

/// <summary>
/// The plugin operations of the Neutron comparison (benchmarks/compare/run.sh), each on the in-memory store and on a
/// SQLite file store. Every iteration runs 512 operations; whatever an iteration creates is deleted after it, and the
/// objects a delete or update needs are created before it (untimed).
/// </summary>
[MemoryDiagnoser]
[InvocationCount(Ops, 1)]
public class CompareMl2Benchmark
{
    private const int Ops = 512;

    private readonly List<string> _networks = [];
    private readonly List<string> _ports = [];
    private CompareHost _host = null!;
    private string _bareNetwork = null!;
    private string _subnetNetwork = null!;
    private int _next;

    [Params(CompareHost.Memory, CompareHost.Sqlite)]
    public string Store { get; set; } = CompareHost.Memory;

    private IMl2Plugin Plugin => _host.Plugin;

    private static CallerContext Admin => CompareHost.Admin;

    [GlobalSetup]
    public void Setup()
    {
        _host = CompareHost.Create(Store);
        _bareNetwork = Run(Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "bare" })).Id;
        _subnetNetwork = Run(Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "with-subnet" })).Id;
        Run(Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = _subnetNetwork, Cidr = "10.0.0.0/16" }));
    }

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [IterationSetup(Targets = [nameof(CreateNetwork), nameof(CreatePortNoSubnet), nameof(CreatePortIpv4Subnet), nameof(CreatePortBoundAtCreate)])]
    public void ResetLists()
    {
        _networks.Clear();
        _ports.Clear();
    }

    [IterationSetup(Target = nameof(DeleteNetwork))]
    public void CreateNetworksToDelete()
    {
        ResetLists();
        for (var i = 0; i < Ops; i++)
        {
            _networks.Add(Run(Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" })).Id);
        }

        _next = 0;
    }

    [IterationSetup(Target = nameof(UpdatePortBindingHost))]
    public void CreateUnboundPorts() => CreatePorts(hostId: null);

    [IterationSetup(Target = nameof(DeleteBoundPort))]
    public void CreateBoundPorts() => CreatePorts(hostId: "compute-1");

    [IterationCleanup]
    public void DeleteCreated()
    {
        // The delete benchmarks null out what they deleted; BenchmarkDotNet's jitting stage runs fewer invocations.
        foreach (var id in _ports.Where(id => id is not null))
        {
            Run(Plugin.DeletePortAsync(Admin, id));
        }

        foreach (var id in _networks.Where(id => id is not null))
        {
            Run(Plugin.DeleteNetworkAsync(Admin, id));
        }

        _ports.Clear();
        _networks.Clear();
    }

    /// <summary>create_network: a tenant network, its segment from the VLAN pool.</summary>
    [Benchmark]
    public string CreateNetwork()
    {
        var id = Run(Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" })).Id;
        _networks.Add(id);
        return id;
    }

    /// <summary>delete_network of a tenant VLAN network (the segment goes back to the pool).</summary>
    [Benchmark]
    public void DeleteNetwork()
    {
        var id = _networks[_next];
        _networks[_next++] = null!;
        Run(Plugin.DeleteNetworkAsync(Admin, id));
    }

    [Benchmark]
    public string CreatePortNoSubnet() => AddPort(new PortCreateRequest { NetworkId = _bareNetwork });

    [Benchmark]
    public string CreatePortIpv4Subnet() => AddPort(new PortCreateRequest { NetworkId = _subnetNetwork });

    [Benchmark]
    public string CreatePortBoundAtCreate() => AddPort(new PortCreateRequest { NetworkId = _subnetNetwork, HostId = "compute-1" });

    /// <summary>update_port binding:host_id on an unbound port with an IPv4 address (binds it).</summary>
    [Benchmark]
    public Port UpdatePortBindingHost() => Run(Plugin.UpdatePortAsync(Admin, _ports[_next++], new PortUpdateRequest { HostId = "compute-1" }));

    /// <summary>delete_port of a bound port with an IPv4 address.</summary>
    [Benchmark]
    public void DeleteBoundPort()
    {
        Run(Plugin.DeletePortAsync(Admin, _ports[_next]));
        _ports[_next++] = null!;
    }

    private void CreatePorts(string? hostId)
    {
        ResetLists();
        for (var i = 0; i < Ops; i++)
        {
            _ports.Add(Run(Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = _subnetNetwork, HostId = hostId })).Id);
        }

        _next = 0;
    }

    private string AddPort(PortCreateRequest request)
    {
        var id = Run(Plugin.CreatePortAsync(Admin, request)).Id;
        _ports.Add(id);
        return id;
    }

    private static T Run<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    private static void Run(ValueTask task) => task.AsTask().GetAwaiter().GetResult();
}
