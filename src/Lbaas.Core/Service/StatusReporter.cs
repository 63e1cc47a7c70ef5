using Lbaas.Agents;
using Lbaas.Service.Store;
using Microsoft.Extensions.Logging;
using Ml2.Lbaas;

namespace Lbaas.Service;

/// <summary>
/// Applies finished jobs to the state with neutron-lbaas' <c>driver_mixins</c> semantics. Success: the object is
/// ACTIVE (operating ONLINE, or OFFLINE when administratively down) and its load balancer ACTIVE; a deleted object is
/// removed, and a deleted load balancer is unwired, its claims released and it is gone (DELETED). Failure: the object
/// is ERROR (operating OFFLINE) and its load balancer ACTIVE again; for the load balancer's own operations the load
/// balancer is ERROR, and a failed create also gives its capacity back (unwire, release). Each change is applied only
/// if the object is still in the PENDING_* status the job set (compare-and-set): after the reaper moved it to ERROR,
/// a late report changes nothing.
/// </summary>
internal sealed partial class StatusReporter(ILbaasStore store, DeviceReleaser devices, TimeProvider time, ILogger<StatusReporter> logger) : IOperationCompletion
{
    public async ValueTask CompleteAsync(OperationJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        Diagnostics.LbaasTelemetry.OperationCompleted(job);
        var expected = job.Action switch
        {
            AgentOperationAction.Create => ProvisioningStatus.PendingCreate,
            AgentOperationAction.Update => ProvisioningStatus.PendingUpdate,
            _ => ProvisioningStatus.PendingDelete,
        };
        if (job.ObjectType == LoadBalancerObjectType.LoadBalancer)
        {
            await CompleteLoadBalancerAsync(job, expected, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await CompleteChildAsync(job, expected, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask CompleteLoadBalancerAsync(OperationJob job, string expected, CancellationToken cancellationToken)
    {
        var lb = await store.FindAsync<LoadBalancer>(job.ObjectId, cancellationToken).ConfigureAwait(false);
        if (lb is null || lb.ProvisioningStatus != expected)
        {
            Log.StaleCompletion(logger, job.Action, job.ObjectType, job.ObjectId, expected, lb?.ProvisioningStatus ?? ProvisioningStatus.Deleted);
            return;
        }

        if (job.Succeeded && job.Action == AgentOperationAction.Delete)
        {
            await devices.UnwireAndReleaseAsync(lb, lb.DeviceIds).ConfigureAwait(false);
            var removed = await store.WriteAsync(
                w =>
                {
                    if (ObjectGraph.StatusOf(w, LoadBalancerObjectType.LoadBalancer, lb.Id) != expected)
                    {
                        return false;
                    }

                    ObjectGraph.Remove(w, LoadBalancerObjectType.LoadBalancer, lb.Id);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);
            if (removed)
            {
                Log.ObjectDeleted(logger, job.ObjectType, lb.Id, ProvisioningStatus.Deleted);
            }

            return;
        }

        var now = time.GetUtcNow();
        var applied = await store.WriteAsync(
            w =>
            {
                if (ObjectGraph.StatusOf(w, LoadBalancerObjectType.LoadBalancer, lb.Id) != expected)
                {
                    return false;
                }

                if (job.Succeeded)
                {
                    ObjectGraph.SetStatus(w, LoadBalancerObjectType.LoadBalancer, lb.Id, ProvisioningStatus.Active,
                        ObjectGraph.OperatingOnSuccess(w, LoadBalancerObjectType.LoadBalancer, lb.Id), now);
                    return true;
                }

                ObjectGraph.SetStatus(w, LoadBalancerObjectType.LoadBalancer, lb.Id, ProvisioningStatus.Error, OperatingStatus.Offline, now);
                foreach (var (type, id, status) in ObjectGraph.ChildrenOf(w, lb.Id).ToList())
                {
                    if (ProvisioningStatus.IsPending(status))
                    {
                        ObjectGraph.SetStatus(w, type, id, ProvisioningStatus.Error, OperatingStatus.Offline, now);
                    }
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        if (!applied)
        {
            Log.StaleCompletion(logger, job.Action, job.ObjectType, job.ObjectId, expected, "changed");
            return;
        }

        if (job.Succeeded)
        {
            Log.ObjectActive(logger, job.Action, job.ObjectType, lb.Id);
            return;
        }

        Log.ObjectFailed(logger, job.Action, job.ObjectType, lb.Id, lb.Provider, string.Join("; ", job.Errors));
        if (job.Action == AgentOperationAction.Create)
        {
            // Octavia's create flow reverts to ERROR and gives back what it took: the claim and the ports.
            await devices.UnwireAndReleaseAsync(lb, lb.DeviceIds).ConfigureAwait(false);
        }
    }

    private async ValueTask CompleteChildAsync(OperationJob job, string expected, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var outcome = await store.WriteAsync(
            w =>
            {
                var status = ObjectGraph.StatusOf(w, job.ObjectType, job.ObjectId);
                if (status != expected)
                {
                    return status ?? ProvisioningStatus.Deleted;
                }

                if (job.Succeeded && job.Action == AgentOperationAction.Delete)
                {
                    ObjectGraph.Remove(w, job.ObjectType, job.ObjectId);
                }
                else if (job.Succeeded)
                {
                    ObjectGraph.SetStatus(w, job.ObjectType, job.ObjectId, ProvisioningStatus.Active,
                        ObjectGraph.OperatingOnSuccess(w, job.ObjectType, job.ObjectId), now);
                }
                else
                {
                    ObjectGraph.SetStatus(w, job.ObjectType, job.ObjectId, ProvisioningStatus.Error, OperatingStatus.Offline, now);
                    if (job.ObjectType == LoadBalancerObjectType.Pool && job.Action == AgentOperationAction.Delete)
                    {
                        foreach (var member in w.List<Member>(m => m.PoolId == job.ObjectId && ProvisioningStatus.IsPending(m.ProvisioningStatus)))
                        {
                            ObjectGraph.SetStatus(w, LoadBalancerObjectType.Member, member.Id, ProvisioningStatus.Error, OperatingStatus.Offline, now);
                        }

                        foreach (var monitor in w.List<HealthMonitor>(h => h.PoolId == job.ObjectId && ProvisioningStatus.IsPending(h.ProvisioningStatus)))
                        {
                            ObjectGraph.SetStatus(w, LoadBalancerObjectType.HealthMonitor, monitor.Id, ProvisioningStatus.Error, OperatingStatus.Offline, now);
                        }
                    }
                }

                if (w.Find<LoadBalancer>(job.LoadBalancerId) is { ProvisioningStatus: ProvisioningStatus.PendingUpdate } lb)
                {
                    ObjectGraph.SetStatus(w, LoadBalancerObjectType.LoadBalancer, lb.Id, ProvisioningStatus.Active,
                        ObjectGraph.OperatingOnSuccess(w, LoadBalancerObjectType.LoadBalancer, lb.Id), now);
                }

                return null;
            },
            cancellationToken).ConfigureAwait(false);
        if (outcome is not null)
        {
            Log.StaleCompletion(logger, job.Action, job.ObjectType, job.ObjectId, expected, outcome);
        }
        else if (!job.Succeeded)
        {
            Log.ObjectFailed(logger, job.Action, job.ObjectType, job.ObjectId, job.LoadBalancer.Provider, string.Join("; ", job.Errors));
        }
        else if (job.Action == AgentOperationAction.Delete)
        {
            Log.ObjectDeleted(logger, job.ObjectType, job.ObjectId, ProvisioningStatus.Deleted);
        }
        else
        {
            Log.ObjectActive(logger, job.Action, job.ObjectType, job.ObjectId);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.ObjectActive, EventName = nameof(ObjectActive), Level = LogLevel.Information,
            Message = "{Action} {ObjectType} '{ObjectId}' completed; it is ACTIVE.")]
        public static partial void ObjectActive(ILogger logger, AgentOperationAction action, LoadBalancerObjectType objectType, string objectId);

        [LoggerMessage(EventId = ServiceEventIds.ObjectFailed, EventName = nameof(ObjectFailed), Level = LogLevel.Error,
            Message = "{Action} {ObjectType} '{ObjectId}' failed; it is ERROR. Provider '{Provider}' reports error: {Error}")]
        public static partial void ObjectFailed(ILogger logger, AgentOperationAction action, LoadBalancerObjectType objectType, string objectId, string provider, string error);

        [LoggerMessage(EventId = ServiceEventIds.ObjectDeleted, EventName = nameof(ObjectDeleted), Level = LogLevel.Information,
            Message = "{ObjectType} '{ObjectId}' is {Status}.")]
        public static partial void ObjectDeleted(ILogger logger, LoadBalancerObjectType objectType, string objectId, string status);

        [LoggerMessage(EventId = ServiceEventIds.StaleCompletion, EventName = nameof(StaleCompletion), Level = LogLevel.Warning,
            Message = "Ignoring the outcome of {Action} {ObjectType} '{ObjectId}': it is no longer {Expected} but {Actual} (reaped or deleted meanwhile).")]
        public static partial void StaleCompletion(ILogger logger, AgentOperationAction action, LoadBalancerObjectType objectType, string objectId, string expected, string actual);
    }
}
