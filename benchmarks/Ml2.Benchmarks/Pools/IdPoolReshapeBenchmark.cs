using BenchmarkDotNet.Attributes;
using Ml2.Pools;
using Ml2.Storage;

namespace Ml2.Benchmarks.Pools;

/// <summary>
/// Re-applying configuration to a 16,777,215-id pool with some ids in use: the same ranges (a copy) and a shrunk range
/// (ids re-mapped, those outside moved to the overflow set). Start-up cost of ConfigurePoolAsync on an existing pool.
/// </summary>
[MedianColumn]
public class IdPoolReshapeBenchmark
{
    private static readonly IdRange[] s_full = [new IdRange(1, 16_777_215)];
    private static readonly IdRange[] s_shrunk = [new IdRange(1, 16_000_000)];
    private IdPool _pool = new([]);

    [Params(0, 1, 10)]
    public int FullPercent { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pool = new IdPool(s_full);
        var random = SdkRandom.Shared;
        var target = 16_777_215L * FullPercent / 100;
        while (_pool.AllocatedInRanges < target)
        {
            _pool.TryAllocateRandom(random, out _);
        }
    }

    [Benchmark]
    public long ReshapeSameRanges() => _pool.Reshape(s_full).AllocatedInRanges;

    [Benchmark]
    public long ReshapeShrunk() => _pool.Reshape(s_shrunk).AllocatedOutsideRanges;
}
