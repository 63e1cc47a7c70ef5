using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lbaas.Agents;
using Lbaas.Placement;
using Ml2.Diagnostics;

namespace Lbaas.Diagnostics;

/// <summary>
/// The LBaaS instruments, on the meter <see cref="LbaasTelemetry.MeterName"/> created through the container's
/// <see cref="IMeterFactory"/> and versioned with the package (placements by outcome and their duration, claim
/// conflicts, agent operations by object, action and <c>error.type</c>), next to Ml2.Core's <c>Ml2</c> meter.
/// </summary>
internal sealed class LbaasMetrics
{
    /// <summary>The <c>error.type</c> of an agent job one of whose driver calls failed (the agents report messages, not exceptions).</summary>
    public const string DriverFailedErrorType = "driver_failed";

    private readonly Counter<long> _placements;
    private readonly Histogram<double> _placementDuration;
    private readonly Counter<long> _claimConflicts;
    private readonly Counter<long> _operations;
    private readonly Histogram<double> _operationDuration;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (or, without one, a meter of their own).</summary>
    public LbaasMetrics(IMeterFactory? meterFactory = null)
    {
        var options = new MeterOptions(LbaasTelemetry.MeterName) { Version = PackageVersion.Of(typeof(LbaasMetrics)) };
        var meter = meterFactory?.Create(options) ?? new Meter(options);
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = Ml2Metrics.DurationBuckets };
        _placements = meter.CreateCounter<long>("lbaas.placements", "{placement}", "Placement decisions, by outcome (placed, provisioned, no_device).");
        _placementDuration = meter.CreateHistogram("lbaas.placement.duration", "s", "Duration of placement decisions (filter, score, claim), by outcome.", advice: seconds);
        _claimConflicts = meter.CreateCounter<long>("lbaas.placement.claim_conflicts", "{conflict}", "Capacity claims lost to a concurrent placement (each re-judged the device).");
        _operations = meter.CreateCounter<long>("lbaas.agent.operations", "{operation}", "User-visible changes completed by the agents, by object type and action; failures carry error.type.");
        _operationDuration = meter.CreateHistogram("lbaas.agent.operation.duration", "s", "Duration of one agent's driver call for one device, by object type and action; failures carry error.type.", advice: seconds);
    }

    /// <summary>Whether the placement duration is recorded (so the scheduler reads the clock only then).</summary>
    public bool TimesPlacements => _placementDuration.Enabled;

    public void PlacementDecided(PlacementResult result, long startTimestamp)
    {
        if (_placements.Enabled || _placementDuration.Enabled)
        {
            var outcome = new KeyValuePair<string, object?>(LbaasAttributes.PlacementOutcome, OutcomeOf(result));
            _placements.Add(1, outcome);
            if (startTimestamp != 0)
            {
                _placementDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, outcome);
            }
        }

        if (_claimConflicts.Enabled && result.ClaimConflicts > 0)
        {
            _claimConflicts.Add(result.ClaimConflicts);
        }
    }

    public void JobCompleted(AgentOperationAction action, LoadBalancerObjectType objectType, bool succeeded)
    {
        if (_operations.Enabled)
        {
            var tags = new TagList { { LbaasAttributes.ObjectType, objectType.ToString() }, { LbaasAttributes.AgentAction, action.ToString() } };
            if (!succeeded)
            {
                tags.Add(Ml2Attributes.ErrorType, DriverFailedErrorType);
            }

            _operations.Add(1, tags);
        }
    }

    public void OperationExecuted(AgentOperation operation, long startTimestamp, Exception? failure)
    {
        if (_operationDuration.Enabled)
        {
            var tags = new TagList { { LbaasAttributes.ObjectType, operation.ObjectType.ToString() }, { LbaasAttributes.AgentAction, operation.Action.ToString() } };
            if (failure is not null)
            {
                tags.Add(Ml2Attributes.ErrorType, Ml2Tracing.ErrorTypeOf(failure));
            }

            _operationDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
        }
    }

    /// <summary>The outcome attribute of a placement: placed, provisioned or no_device.</summary>
    public static string OutcomeOf(PlacementResult result) => result.Succeeded ? (result.Provisioned ? "provisioned" : "placed") : "no_device";
}
