using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Managers;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Benchmarks.Plugin;

/// <summary>The dispatcher alone: create_port precommit + postcommit over 0, 1 or 4 no-op drivers (goal at 4: &lt;= 50 ns, 0 B).</summary>
[MemoryDiagnoser]
public class DispatcherBenchmark
{
    private MechanismManager _manager = null!;
    private PortContext _context = null!;

    [Params(0, 1, 4)]
    public int Drivers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var drivers = Enumerable.Range(1, Drivers).Select(i => (IMechanismDriver)new NoOpMechanismDriver($"noop{i}")).ToArray();
        _manager = new MechanismManager(drivers, Options.Create(new Ml2Options()), NullLogger<MechanismManager>.Instance);
        var network = new Network { Id = "net", TenantId = "t" };
        var caller = CallerContext.Admin();
        _context = new Ml2PortContext(new Port { Id = "p", TenantId = "t", NetworkId = "net", MacAddress = "fa:16:3e:00:00:01" }, null, new Ml2NetworkContext(network, null, caller, null), caller, null);
    }

    [Benchmark]
    public void PrecommitAndPostcommit()
    {
        var pre = _manager.CallAsync(MechanismHooks.CreatePortPrecommit, _context, CancellationToken.None);
        var post = _manager.CallAsync(MechanismHooks.CreatePortPostcommit, _context, CancellationToken.None);
        if (!pre.IsCompletedSuccessfully || !post.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("No-op drivers complete synchronously.");
        }
    }
}
