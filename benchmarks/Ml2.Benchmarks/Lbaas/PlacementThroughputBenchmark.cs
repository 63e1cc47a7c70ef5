using BenchmarkDotNet.Attributes;

namespace Ml2.Benchmarks.Lbaas;

/// <summary>
/// Placements per second with 8 threads on one scheduler (goal: at least 100,000 per second, no device ever
/// overcommitted). Each thread keeps its last 16 load balancers placed and releases the oldest as it places a new one,
/// so the fleet stays at a steady load. The reported time is per placement (OperationsPerInvoke): placements per
/// second = 1e9 / mean ns. The fleet is checked for overcommit after the run ("overcommitted devices: 0").
/// </summary>
[MedianColumn]
public class PlacementThroughputBenchmark
{
    private const int Threads = 8;
    private const int PerThread = 8_000;

    private PlacementBenchmarkFleet _fleet = null!;
    private Barrier _start = null!;
    private Barrier _done = null!;
    private Thread[] _workers = [];
    private volatile bool _stopping;

    [Params(500, 10_000)]
    public int Devices { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fleet = PlacementBenchmarkFleet.Create(Devices, requestCount: 1 << 15);
        _start = new Barrier(Threads + 1);
        _done = new Barrier(Threads + 1);
        _workers = new Thread[Threads];
        for (var t = 0; t < Threads; t++)
        {
            var slice = t;
            _workers[t] = new Thread(() => Work(slice)) { IsBackground = true, Name = $"placement-{t}" };
            _workers[t].Start();
        }
    }

    [Benchmark(OperationsPerInvoke = Threads * PerThread)]
    public void PlaceWithEightThreads()
    {
        _start.SignalAndWait();
        _done.SignalAndWait();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stopping = true;
        _start.SignalAndWait();
        foreach (var worker in _workers)
        {
            worker.Join();
        }

        var overcommits = _fleet.Overcommits();
        Console.WriteLine($"// Throughput run at {Devices} devices: overcommitted devices: {overcommits}");
        _fleet.Dispose();
        if (overcommits != 0)
        {
            throw new InvalidOperationException($"{overcommits} devices overcommitted.");
        }
    }

    private void Work(int slice)
    {
        var window = new PlacementWindow(_fleet, slice, Threads);
        while (true)
        {
            _start.SignalAndWait();
            if (_stopping)
            {
                break;
            }

            window.Run(PerThread);
            _done.SignalAndWait();
        }
    }
}
