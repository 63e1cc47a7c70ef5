using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ml2.Diagnostics;

/// <summary>
/// The SDK's telemetry: a <see cref="Meter"/> and an <see cref="ActivitySource"/> both named <c>Ml2</c>, so
/// OpenTelemetry hosts collect them with no extra dependency.
/// </summary>
internal static class Ml2Metrics
{
    public const string Name = "Ml2";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter s_meter = new(Name);
    private static readonly Counter<long> s_operations = s_meter.CreateCounter<long>("ml2.operations", description: "Plugin operations, by operation and outcome.");
    private static readonly Histogram<double> s_duration = s_meter.CreateHistogram<double>("ml2.operation.duration", unit: "ms", description: "Duration of plugin operations.");
    private static readonly Counter<long> s_driverFailures = s_meter.CreateCounter<long>("ml2.driver.failures", description: "Mechanism driver failures, by driver and hook.");
    private static readonly UpDownCounter<long> s_segments = s_meter.CreateUpDownCounter<long>("ml2.segments.allocated", description: "Segment ids allocated by this process, by network type (pool usage).");
    private static readonly Counter<long> s_journal = s_meter.CreateCounter<long>("ml2.journal.deliveries", description: "Journal delivery attempts, by driver and outcome (delivered, retried, failed).");
    private static readonly Counter<long> s_bindings = s_meter.CreateCounter<long>("ml2.port.bindings", description: "Port binding results, by outcome.");

    public static void OperationCompleted(string operation, bool success, long startTimestamp)
    {
        if (s_operations.Enabled)
        {
            s_operations.Add(1, new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("outcome", success ? "success" : "failure"));
        }

        if (s_duration.Enabled)
        {
            s_duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds, new KeyValuePair<string, object?>("operation", operation));
        }
    }

    public static void DriverFailed(string driver, string hook)
    {
        if (s_driverFailures.Enabled)
        {
            s_driverFailures.Add(1, new KeyValuePair<string, object?>("driver", driver), new KeyValuePair<string, object?>("hook", hook));
        }
    }

    public static void SegmentAllocated(string? networkType)
    {
        if (s_segments.Enabled)
        {
            s_segments.Add(1, new KeyValuePair<string, object?>("network_type", networkType));
        }
    }

    public static void SegmentReleased(string? networkType)
    {
        if (s_segments.Enabled)
        {
            s_segments.Add(-1, new KeyValuePair<string, object?>("network_type", networkType));
        }
    }

    public static void PortBindingCompleted(string outcome)
    {
        if (s_bindings.Enabled)
        {
            s_bindings.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    public static void JournalDelivery(string driver, string outcome)
    {
        if (s_journal.Enabled)
        {
            s_journal.Add(1, new KeyValuePair<string, object?>("driver", driver), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
