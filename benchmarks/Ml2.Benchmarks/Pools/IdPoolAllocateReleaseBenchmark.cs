using BenchmarkDotNet.Attributes;
using Ml2.Pools;
using Ml2.Storage;

namespace Ml2.Benchmarks.Pools;

/// <summary>
/// One random allocation followed by its release, on an empty or 99%-full pool of 4,094 (VLAN) or 16,777,215
/// (VXLAN) ids (goal: at most 200 ns, no allocation). Uses the SDK's default random source.
/// </summary>
[MedianColumn]
public class IdPoolAllocateReleaseBenchmark
{
    private readonly IRandomSource _random = SdkRandom.Shared;
    private IdPool _pool = new([]);

    [Params(4_094L, 16_777_215L)]
    public long Size { get; set; }

    [Params(0, 99)]
    public int FullPercent { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pool = new IdPool([new IdRange(1, Size)]);
        var target = Size * FullPercent / 100;
        while (_pool.AllocatedInRanges < target)
        {
            _pool.TryAllocateRandom(_random, out _);
        }
    }

    [Benchmark]
    public long AllocateRandomAndRelease()
    {
        _pool.TryAllocateRandom(_random, out var id);
        _pool.Release(id);
        return id;
    }
}
