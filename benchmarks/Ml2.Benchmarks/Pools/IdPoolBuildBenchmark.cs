using BenchmarkDotNet.Attributes;
using Ml2.Pools;
using Ml2.Storage;

namespace Ml2.Benchmarks.Pools;

/// <summary>Cost of creating an id pool over one range 1..Size (goal for 1..16,777,215: at most 1 ms and 64 KB).</summary>
[MedianColumn]
public class IdPoolBuildBenchmark
{
    private IdRange[] _ranges = [];

    [Params(10_000L, 100_000L, 1_000_000L, 16_777_215L, 4_294_967_295L)]
    public long Size { get; set; }

    [GlobalSetup]
    public void Setup() => _ranges = [new IdRange(1, Size)];

    [Benchmark]
    public long Build() => new IdPool(_ranges).Capacity;
}
