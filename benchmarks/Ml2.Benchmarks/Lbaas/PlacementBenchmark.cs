using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Ml2.Benchmarks.Lbaas;

/// <summary>
/// One placement with the default pipeline followed by the release of its claim (so capacity never runs out), on
/// fleets of 1k, 10k and 100k devices preloaded to about 20%. Goals: median at most 20 us and p99 at most 100 us at
/// 10k devices, growing at most 2x from 1k to 100k. BenchmarkDotNet's statistics are over iterations; the per-placement
/// percentiles are measured separately after the run and printed as "Per-placement latency".
/// </summary>
[MedianColumn]
public class PlacementBenchmark
{
    private PlacementBenchmarkFleet _fleet = null!;
    private int _next;

    [Params(1_000, 10_000, 100_000)]
    public int Devices { get; set; }

    [GlobalSetup]
    public void Setup() => _fleet = PlacementBenchmarkFleet.Create(Devices);

    [Benchmark]
    public string PlaceAndRelease()
    {
        var index = _next++ & (_fleet.Requests.Length - 1);
        var deviceId = _fleet.Place(index);
        _fleet.Registry.ReleaseAsync(deviceId, _fleet.Requests[index].LoadBalancerId).AsTask().GetAwaiter().GetResult();
        return deviceId;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Per-placement latency (place only; the release is timed out), 20,000 placements after warm-up.
        const int samples = 20_000;
        var latencies = new double[samples];
        for (var i = 0; i < samples; i++)
        {
            var index = i & (_fleet.Requests.Length - 1);
            var started = Stopwatch.GetTimestamp();
            var deviceId = _fleet.Place(index);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            _fleet.Registry.ReleaseAsync(deviceId, _fleet.Requests[index].LoadBalancerId).AsTask().GetAwaiter().GetResult();
        }

        Array.Sort(latencies);
        Console.WriteLine(
            $"// Per-placement latency at {Devices} devices: p50 {latencies[samples / 2]:F1} us, p90 {latencies[samples * 9 / 10]:F1} us, " +
            $"p99 {latencies[samples * 99 / 100]:F1} us, p99.9 {latencies[samples * 999 / 1000]:F1} us, max {latencies[^1]:F1} us; overcommitted devices: {_fleet.Overcommits()}");
        _fleet.Dispose();
    }
}
