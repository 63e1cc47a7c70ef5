using System.Diagnostics;
using System.Globalization;

namespace Ml2.Benchmarks.Lbaas;

/// <summary>
/// <c>placement-loop [--devices N] [--threads N] [--seconds N]</c>: the 8-thread placement workload of
/// <see cref="PlacementThroughputBenchmark"/> run for a fixed time, for attaching a profiler (dotnet-trace,
/// dotnet-counters). Prints placements per second each second and overall; not a measurement of record.
/// </summary>
internal static class PlacementLoop
{
    public const string Command = "placement-loop";

    public static int Run(string[] args)
    {
        var devices = Option(args, "--devices", 10_000);
        var threads = Option(args, "--threads", 8);
        var seconds = Option(args, "--seconds", 20);
        using var fleet = PlacementBenchmarkFleet.Create(devices, requestCount: 1 << 15);
        Console.WriteLine($"placement-loop: pid {Environment.ProcessId}, {devices} devices, {threads} threads, {seconds} s");
        var stop = false;
        long placed = 0;
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var window = new PlacementWindow(fleet, t, threads);
            while (!Volatile.Read(ref stop))
            {
                window.Run(256);
                Interlocked.Add(ref placed, 256);
            }
        }) { IsBackground = true }).ToArray();
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
        var clock = Stopwatch.StartNew();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        long last = 0;
        for (var s = 1; s <= seconds; s++)
        {
            Thread.Sleep(1000);
            var now = Interlocked.Read(ref placed);
            Console.WriteLine($"  {s,3} s: {now - last,9:N0} placements/s");
            last = now;
        }

        Volatile.Write(ref stop, true);
        foreach (var worker in workers)
        {
            worker.Join();
        }

        var elapsed = clock.Elapsed;
        var (gen0, gen1, gen2, pause, allocated) = gcBefore;
        Console.WriteLine($"placement-loop: {placed / elapsed.TotalSeconds:N0} placements/s overall, {(GC.GetTotalAllocatedBytes() - allocated) / (double)placed:N0} B allocated per placement; "
            + $"GC: {GC.CollectionCount(0) - gen0} gen0, {GC.CollectionCount(1) - gen1} gen1, {GC.CollectionCount(2) - gen2} gen2, paused {100 * (GC.GetTotalPauseDuration() - pause) / elapsed:F1}% of the time");
        var overcommits = fleet.Overcommits();
        Console.WriteLine($"placement-loop: overcommitted devices: {overcommits}");
        return overcommits == 0 ? 0 : 1;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
