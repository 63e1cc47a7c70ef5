namespace Ml2.Diagnostics;

/// <summary>The histogram buckets of every duration both engines record (compiled into Ml2.Core and Lbaas.Core).</summary>
internal static class DurationBuckets
{
    /// <summary>Durations in seconds (100 us to 10 s): the SDK's operations take microseconds in memory, milliseconds on a database.</summary>
    public static readonly IReadOnlyList<double> Seconds = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
}
