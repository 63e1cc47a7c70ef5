using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Drivers;
using Ml2.Model;
using Ml2.Storage;

namespace Ml2.Benchmarks.Compare;

/// <summary>
/// Type-driver figures of the Neutron comparison, on the in-memory store and a SQLite file store. Every allocate and
/// every release runs in its own committed transaction, as Neutron's harness does (one CONTEXT_WRITER each).
/// <see cref="VxlanAllocateRelease"/>: one VXLAN tenant segment allocated then released (two transactions) on a pool
/// of <see cref="Vnis"/> ids.
/// </summary>
[MemoryDiagnoser]
public class CompareSegmentBenchmark : CompareSegmentBase
{
    [Params(CompareHost.Memory, CompareHost.Sqlite)]
    public string Store { get; set; } = CompareHost.Memory;

    [Params(10_000, 100_000, 1_000_000, 16_777_215)]
    public int Vnis { get; set; }

    [GlobalSetup]
    public void Setup() => Start(Store, $"1:{Vnis}");

    [Benchmark]
    public async Task VxlanAllocateRelease()
    {
        var segment = await InTransaction(Vxlan, null) ?? throw new InvalidOperationException("VXLAN pool exhausted.");
        await InTransaction(Vxlan, segment);
    }
}

/// <summary>
/// VXLAN set-up for the Neutron comparison: a new plugin with VNI range 1..<see cref="Vnis"/> is built and started
/// (the pool is created in the store), and one tenant VXLAN network is created; Neutron's figure is its type driver's
/// initialize/sync on an empty table. One invocation per iteration; the SQLite file is new for each.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1, 1)]
public class CompareVxlanSetupBenchmark
{
    private CompareHost? _host;

    [Params(CompareHost.Memory, CompareHost.Sqlite)]
    public string Store { get; set; } = CompareHost.Memory;

    [Params(10_000, 100_000, 1_000_000, 16_777_215)]
    public int Vnis { get; set; }

    [IterationCleanup]
    public void DisposeHost()
    {
        _host?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _host = null;
    }

    [Benchmark]
    public string SetUpAndAllocateFirst()
    {
        _host = CompareHost.Create(Store, $"1:{Vnis}", vxlanTenants: true);
        return _host.Plugin.CreateNetworkAsync(CompareHost.Admin, new Ml2.Plugin.NetworkCreateRequest { Name = "vx" })
            .AsTask().GetAwaiter().GetResult().Id;
    }
}

/// <summary>The host, store and type drivers of the segment benchmarks; every allocate or release is one committed transaction.</summary>
public abstract class CompareSegmentBase
{
    private CompareHost _host = null!;
    private IMl2Store _store = null!;

    private protected ITypeDriver Vlan { get; private set; } = null!;

    private protected ITypeDriver Vxlan { get; private set; } = null!;

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private protected void Start(string store, string vniRange)
    {
        _host = CompareHost.Create(store, vniRange);
        _store = _host.Services.GetRequiredService<IMl2Store>();
        Vlan = _host.Services.GetServices<ITypeDriver>().First(d => d.NetworkType == NetworkTypes.Vlan);
        Vxlan = _host.Services.GetServices<ITypeDriver>().First(d => d.NetworkType == NetworkTypes.Vxlan);
    }

    private protected async Task<ProviderSegment?> InTransaction(ITypeDriver driver, ProviderSegment? release)
    {
        var tx = await _store.BeginTransactionAsync();
        await using (tx)
        {
            ProviderSegment? result = null;
            if (release is null)
            {
                result = await driver.AllocateTenantSegmentAsync(tx, CancellationToken.None);
            }
            else
            {
                await driver.ReleaseSegmentAsync(tx, release, CancellationToken.None);
            }

            await tx.CommitAsync();
            return result;
        }
    }}

/// <summary>Allocate all 4,094 VLAN ids of physnet1 (the 4,095th must fail), then release them all; one invocation is the whole cycle.</summary>
[MemoryDiagnoser]
[InvocationCount(1, 1)]
public class CompareVlanBenchmark : CompareSegmentBase
{
    private readonly ProviderSegment[] _segments = new ProviderSegment[4094];

    [Params(CompareHost.Memory, CompareHost.Sqlite)]
    public string Store { get; set; } = CompareHost.Memory;

    [GlobalSetup]
    public void Setup() => Start(Store, "1:1000");

    [Benchmark]
    public async Task VlanAllocateAllThenReleaseAll()
    {
        for (var i = 0; i < _segments.Length; i++)
        {
            _segments[i] = await InTransaction(Vlan, null) ?? throw new InvalidOperationException($"VLAN pool exhausted after {i}.");
        }

        if (await InTransaction(Vlan, null) is not null)
        {
            throw new InvalidOperationException("The 4,095th VLAN allocation must fail.");
        }

        foreach (var segment in _segments)
        {
            await InTransaction(Vlan, segment);
        }
    }
}
