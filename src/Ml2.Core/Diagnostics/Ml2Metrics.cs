using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ml2.Diagnostics;

/// <summary>
/// The ML2 instruments, on the meter <see cref="Ml2Telemetry.MeterName"/> created through the container's
/// <see cref="IMeterFactory"/> (so each container has its own, disposed with it) and versioned with the package.
/// Names, units and attributes follow the OpenTelemetry semantic conventions: durations in seconds, counts with a
/// <c>{unit}</c>, namespaced attributes and <c>error.type</c> on failures. Every record checks
/// <see cref="Instrument.Enabled"/> first, so an unlistened instrument costs a field read.
/// </summary>
internal sealed class Ml2Metrics
{
    private readonly Counter<long> _operations;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _driverFailures;
    private readonly UpDownCounter<long> _segments;
    private readonly Counter<long> _bindings;
    private readonly Counter<long> _journal;
    private readonly Histogram<double> _journalDuration;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (or, without one, a meter of their own).</summary>
    public Ml2Metrics(IMeterFactory? meterFactory = null)
    {
        var options = new MeterOptions(Ml2Telemetry.MeterName) { Version = PackageVersion.Of(typeof(Ml2Metrics)) };
        var meter = meterFactory?.Create(options) ?? new Meter(options);
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets.Seconds };
        _operations = meter.CreateCounter<long>("ml2.operations", "{operation}", "Plugin operations completed, by operation; failures carry error.type.");
        _duration = meter.CreateHistogram("ml2.operation.duration", "s", "Duration of plugin operations, by operation; failures carry error.type.", advice: seconds);
        _driverFailures = meter.CreateCounter<long>("ml2.driver.failures", "{failure}", "Mechanism driver hook failures, by driver, hook and error.type.");
        _segments = meter.CreateUpDownCounter<long>("ml2.segments.allocated", "{segment}", "Segment ids allocated by this process, by network type (pool usage).");
        _bindings = meter.CreateCounter<long>("ml2.port.bindings", "{binding}", "Port binding results committed, by outcome (bound, failed, exhausted).");
        _journal = meter.CreateCounter<long>("ml2.journal.deliveries", "{delivery}", "Journal delivery attempts, by driver and outcome (delivered, retried, failed); failures carry error.type.");
        _journalDuration = meter.CreateHistogram("ml2.journal.delivery.duration", "s", "Duration of journal deliveries to a journaled driver, by driver; failures carry error.type.", advice: seconds);
        Retries = new RetryCounter(meter.CreateCounter<long>("ml2.retries", "{retry}", "Re-runs of a unit of work that lost a concurrency race, by operation, error.type and reason."));
    }

    /// <summary>The <c>ml2.retries</c> counter (ML2's <see cref="Resilience.ConflictRetry"/> counts there).</summary>
    public RetryCounter Retries { get; }

    public void OperationCompleted(string operation, long startTimestamp, string? errorType)
    {
        if (!_operations.Enabled && !_duration.Enabled)
        {
            return;
        }

        var tags = new TagList { { Ml2Attributes.Operation, operation } };
        if (errorType is not null)
        {
            tags.Add(Ml2Attributes.ErrorType, errorType);
        }

        _operations.Add(1, tags);
        _duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }

    public void DriverFailed(string driver, string hook, Exception exception)
    {
        if (_driverFailures.Enabled)
        {
            _driverFailures.Add(1, new TagList { { Ml2Attributes.Driver, driver }, { Ml2Attributes.Hook, hook }, { Ml2Attributes.ErrorType, Ml2Tracing.ErrorTypeOf(exception) } });
        }
    }

    public void SegmentAllocated(string? networkType)
    {
        if (_segments.Enabled)
        {
            _segments.Add(1, new KeyValuePair<string, object?>(Ml2Attributes.NetworkType, networkType));
        }
    }

    public void SegmentReleased(string? networkType)
    {
        if (_segments.Enabled)
        {
            _segments.Add(-1, new KeyValuePair<string, object?>(Ml2Attributes.NetworkType, networkType));
        }
    }

    public void PortBindingCompleted(string outcome)
    {
        if (_bindings.Enabled)
        {
            _bindings.Add(1, new KeyValuePair<string, object?>(Ml2Attributes.BindingOutcome, outcome));
        }
    }

    public void JournalDelivery(string driver, string outcome, long startTimestamp, Exception? exception)
    {
        if (!_journal.Enabled && !_journalDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { Ml2Attributes.Driver, driver } };
        if (exception is not null)
        {
            tags.Add(Ml2Attributes.ErrorType, Ml2Tracing.ErrorTypeOf(exception));
        }

        _journalDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        tags.Add(Ml2Attributes.JournalOutcome, outcome);
        _journal.Add(1, tags);
    }

    /// <summary>Counts one re-run of <paramref name="operation"/> after <paramref name="exception"/> in <c>ml2.retries</c>.</summary>
    public void Retried(string operation, Exception exception) => Retries.Add(operation, exception);
}
