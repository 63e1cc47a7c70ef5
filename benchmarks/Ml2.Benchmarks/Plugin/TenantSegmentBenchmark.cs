using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Drivers;
using Ml2.Model;
using Ml2.Storage;

namespace Ml2.Benchmarks.Plugin;

/// <summary>
/// Tenant segment allocate + release through the type driver and a committed in-memory transaction (the pool-level
/// cost alone is IdPoolAllocateReleaseBenchmark), on an empty and a 99%-full pool.
/// </summary>
[MemoryDiagnoser]
public class TenantSegmentBenchmark
{
    private ServiceProvider _provider = null!;
    private IMl2Store _store = null!;
    private ITypeDriver _driver = null!;

    [Params(NetworkTypes.Vlan, NetworkTypes.Vxlan)]
    public string NetworkType { get; set; } = NetworkTypes.Vlan;

    [Params(0, 99)]
    public int FullPercent { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddMl2(o =>
        {
            o.TenantNetworkTypes = [NetworkType];
            o.Vlan.NetworkVlanRanges = ["physnet1:1:4094"];
            o.Vxlan.VniRanges = ["1:16777215"];
        });
        _provider = services.BuildServiceProvider();
        _provider.StartMl2Async().AsTask().GetAwaiter().GetResult();
        _store = _provider.GetRequiredService<IMl2Store>();
        _driver = _provider.GetServices<ITypeDriver>().First(d => d.NetworkType == NetworkType);
        var size = NetworkType == NetworkTypes.Vlan ? 4094L : 16_777_215L;
        var fill = size * FullPercent / 100;
        var pool = NetworkType == NetworkTypes.Vlan ? "vlan:physnet1" : "vxlan";
        var tx = _store.BeginTransactionAsync().AsTask().GetAwaiter().GetResult();
        for (long id = 1; id <= fill; id++)
        {
            tx.Pools.TryReserveAsync(pool, id).AsTask().GetAwaiter().GetResult();
        }

        tx.CommitAsync().AsTask().GetAwaiter().GetResult();
        tx.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    [Benchmark]
    public async Task AllocateAndReleaseInTransaction()
    {
        var tx = await _store.BeginTransactionAsync();
        await using (tx)
        {
            var segment = await _driver.AllocateTenantSegmentAsync(tx, CancellationToken.None);
            await _driver.ReleaseSegmentAsync(tx, segment!, CancellationToken.None);
            await tx.CommitAsync();
        }
    }
}
