using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Contexts;
using Ml2.Diagnostics;
using Ml2.Drivers;
using Ml2.Managers;
using Ml2.Model;

namespace Ml2.Binding;

/// <summary>
/// Binds a port level by level over its network's segments (Neutron's MechanismManager.bind_port /
/// _bind_port_level): drivers in order, a loop guard against a driver binding the same segment again below itself,
/// backtracking to the next driver when a lower level cannot be bound, and at most MaxBindingLevels levels.
/// A driver that throws is logged and the next one is tried. Runs on a copy of the port, outside any transaction.
/// </summary>
internal sealed partial class PortBinder(MechanismManager mechanisms, IOptions<Ml2Options> options, ILogger<PortBinder> logger)
{
    private readonly int _maxLevels = options.Value.MaxBindingLevels;

    public async ValueTask<BindingResult> BindAsync(Ml2PortContext context, CancellationToken cancellationToken)
    {
        using var activity = StartPortBinding(context);
        var segments = context.Network.NetworkSegments;
        var bound = segments.Count > 0 && await BindLevelAsync(context, 0, segments, cancellationToken).ConfigureAwait(false);
        context.FinishBinding();
        if (!bound)
        {
            Log.BindingFailed(logger, context.Current.Id, context.Host);
            activity?.SetTag(Ml2Attributes.BindingOutcome, "failed");
            activity?.SetTag(Ml2Attributes.BindingVifType, VifTypes.BindingFailed);
            return BindingResult.Failed;
        }

        var levels = context.BuiltLevels.ToArray();
        Log.PortBound(logger, context.Current.Id, context.Host, context.BoundVifType!, levels.Length);
        if (activity is not null)
        {
            activity.SetTag(Ml2Attributes.BindingOutcome, "bound");
            activity.SetTag(Ml2Attributes.BindingVifType, context.BoundVifType);
            activity.SetTag(Ml2Attributes.BindingLevels, levels.Length);
            activity.SetStatus(ActivityStatusCode.Ok);
        }

        return new BindingResult(true, context.BoundVifType!, context.BoundVifDetails ?? ExtensionAttributes.Empty, levels, context.BoundStatus);
    }

    /// <summary>The span of one binding attempt, or null when nobody listens.</summary>
    private static Activity? StartPortBinding(Ml2PortContext context)
    {
        if (!Ml2Tracing.Source.HasListeners() || Ml2Tracing.Source.StartActivity(Ml2Tracing.PortBindingSpan) is not { } activity)
        {
            return null;
        }

        activity.SetTag(Ml2Attributes.PortId, context.Current.Id);
        activity.SetTag(Ml2Attributes.BindingHost, context.Host);
        return activity;
    }

    /// <summary>The span of one driver's try at one level, or null when nobody listens.</summary>
    private static Activity? StartBindPort(string driver, int level)
    {
        if (!Ml2Tracing.Source.HasListeners() || Ml2Tracing.Source.StartActivity(Ml2Tracing.BindPortSpan) is not { } activity)
        {
            return null;
        }

        activity.SetTag(Ml2Attributes.Driver, driver);
        activity.SetTag(Ml2Attributes.BindingLevel, level);
        return activity;
    }

    private async ValueTask<bool> BindLevelAsync(Ml2PortContext context, int level, IReadOnlyList<NetworkSegment> segmentsToBind, CancellationToken cancellationToken)
    {
        if (level >= _maxLevels)
        {
            Log.MaxLevelsReached(logger, context.Current.Id, _maxLevels);
            return false;
        }

        var l2Only = context.Current.FixedIps.Count == 0;
        foreach (var driver in mechanisms.Drivers)
        {
            if (l2Only && driver.Connectivity != MechanismDriverConnectivity.L2)
            {
                continue;
            }

            if (BoundAbove(context, driver, segmentsToBind))
            {
                continue;
            }

            using var activity = StartBindPort(driver.Name, level);
            try
            {
                context.PrepareToBind(segmentsToBind);
                await driver.BindPortAsync(context, cancellationToken).ConfigureAwait(false);
                if (context.NewBoundSegmentId is not { } segmentId)
                {
                    continue;
                }

                activity?.SetTag(Ml2Attributes.SegmentId, segmentId);
                context.PushLevel(new PortBindingLevel(level, driver.Name, segmentId));
                if (context.NextSegmentsToBind is not { } next)
                {
                    return true;
                }

                if (await BindLevelAsync(context, level + 1, next, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }

                context.PopLevel();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Ml2Tracing.Fail(activity, ex);
                Log.BindingDriverFailed(logger, driver.Name, context.Current.Id, ex);
            }
        }

        return false;
    }

    /// <summary>The loop guard: the driver already bound one of these segments at a higher level.</summary>
    private static bool BoundAbove(Ml2PortContext context, IMechanismDriver driver, IReadOnlyList<NetworkSegment> segmentsToBind)
    {
        foreach (var level in context.BuiltLevels)
        {
            if (level.DriverName != driver.Name)
            {
                continue;
            }

            foreach (var segment in segmentsToBind)
            {
                if (segment.Id == level.SegmentId)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
