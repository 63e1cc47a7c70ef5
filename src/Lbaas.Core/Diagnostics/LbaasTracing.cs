using System.Diagnostics;
using Lbaas.Agents;
using Lbaas.Placement;
using Ml2.Diagnostics;
using Lbaas;

namespace Lbaas.Diagnostics;

/// <summary>
/// The LBaaS spans, on the activity source <see cref="LbaasTelemetry.ActivitySourceName"/>. Every start checks
/// <see cref="ActivitySource.HasListeners"/> first, so nothing is built when nobody traces.
/// </summary>
internal static class LbaasTracing
{
    public const string CreateLoadBalancerSpan = "lbaas.create_loadbalancer";
    public const string UpdateLoadBalancerSpan = "lbaas.update_loadbalancer";
    public const string DeleteLoadBalancerSpan = "lbaas.delete_loadbalancer";
    public const string PlacementSpan = "lbaas.placement";
    public const string ClaimSpan = "lbaas.placement.claim";
    public const string WiringSpan = "lbaas.wiring";
    public const string AgentSendSpan = "lbaas.agent.send";
    public const string AgentOperationSpan = "lbaas.agent.operation";

    /// <summary>One event per rejection reason on a placement span, with its policy and count.</summary>
    public const string RejectionEvent = "lbaas.placement.rejection";

    public static readonly ActivitySource Source = new(LbaasTelemetry.ActivitySourceName, PackageVersion.Of(typeof(LbaasTracing)));

    /// <summary>Marks a span failed (status Error, <c>error.type</c>, an <c>exception</c> event); an exception filter, so it returns false.</summary>
    public static bool Failed(Activity? activity, Exception exception)
    {
        Ml2Tracing.Fail(activity, exception);
        return false;
    }

    /// <summary>A service operation's span tagged with the load balancer, or null when nobody listens.</summary>
    public static Activity? StartOperation(string name, string? loadBalancerId = null)
    {
        if (!Source.HasListeners() || Source.StartActivity(name) is not { } activity)
        {
            return null;
        }

        if (loadBalancerId is not null)
        {
            activity.SetTag(LbaasAttributes.LoadBalancerId, loadBalancerId);
        }

        return activity;
    }

    public static Activity? StartPlacement(PlacementRequest request)
    {
        if (!Source.HasListeners() || Source.StartActivity(PlacementSpan) is not { } activity)
        {
            return null;
        }

        activity.SetTag(LbaasAttributes.LoadBalancerId, request.LoadBalancerId);
        activity.SetTag(LbaasAttributes.Provider, request.Provider);
        return activity;
    }

    /// <summary>Tags a placement span with its decision: outcome, candidates, chosen device, and one event per rejection reason.</summary>
    public static void Decided(Activity? activity, PlacementResult result)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(LbaasAttributes.PlacementOutcome, LbaasMetrics.OutcomeOf(result));
        activity.SetTag(LbaasAttributes.PlacementConsidered, result.DevicesConsidered);
        activity.SetTag(LbaasAttributes.PlacementCandidates, result.DevicesAvailable);
        activity.SetTag(LbaasAttributes.PlacementRejected, result.Rejections.Count);
        activity.SetTag(LbaasAttributes.PlacementClaimConflicts, result.ClaimConflicts);
        if (result.DeviceId is { } deviceId)
        {
            activity.SetTag(LbaasAttributes.DeviceId, deviceId);
        }

        foreach (var group in result.Rejections.GroupBy(r => (r.Policy, r.Reason)).OrderByDescending(g => g.Count()))
        {
            activity.AddEvent(new ActivityEvent(RejectionEvent, tags: new ActivityTagsCollection
            {
                { LbaasAttributes.PlacementPolicy, group.Key.Policy },
                { LbaasAttributes.PlacementReason, group.Key.Reason },
                { LbaasAttributes.PlacementRejectionCount, group.Count() },
            }));
        }

        activity.SetStatus(result.Succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error, result.Succeeded ? null : result.Summary);
    }

    public static Activity? StartClaim(string deviceId)
    {
        if (!Source.HasListeners() || Source.StartActivity(ClaimSpan) is not { } activity)
        {
            return null;
        }

        activity.SetTag(LbaasAttributes.DeviceId, deviceId);
        return activity;
    }

    public static Activity? StartWiring(string deviceId, string loadBalancerId)
    {
        if (!Source.HasListeners() || Source.StartActivity(WiringSpan) is not { } activity)
        {
            return null;
        }

        activity.SetTag(LbaasAttributes.DeviceId, deviceId);
        activity.SetTag(LbaasAttributes.LoadBalancerId, loadBalancerId);
        return activity;
    }

    /// <summary>The span of handing one operation to an agent; the operation then carries its trace context to the agent.</summary>
    public static Activity? StartSend(AgentOperation operation, string agentId) =>
        Tag(Source.HasListeners() ? Source.StartActivity(AgentSendSpan, ActivityKind.Producer) : null, operation, agentId);

    /// <summary>The span of an agent running one operation, a child of the span that sent it (from <see cref="AgentOperation.TraceParent"/>).</summary>
    public static Activity? StartExecute(AgentOperation operation, string agentId)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = ActivityContext.TryParse(operation.TraceParent, null, out var context) ? context : default;
        return Tag(Source.StartActivity(AgentOperationSpan, ActivityKind.Consumer, parent), operation, agentId);
    }

    private static Activity? Tag(Activity? activity, AgentOperation operation, string agentId)
    {
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(LbaasAttributes.AgentId, agentId);
        activity.SetTag(LbaasAttributes.AgentOperationId, operation.Id);
        activity.SetTag(LbaasAttributes.AgentAction, operation.Action.ToString());
        activity.SetTag(LbaasAttributes.ObjectType, operation.ObjectType.ToString());
        activity.SetTag(LbaasAttributes.DeviceId, operation.DeviceId);
        activity.SetTag(LbaasAttributes.LoadBalancerId, operation.LoadBalancer.Id);
        return activity;
    }
}
