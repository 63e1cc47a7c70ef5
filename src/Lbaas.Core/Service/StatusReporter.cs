using Lbaas.Agents;
using Lbaas.Diagnostics;
using Lbaas.Storage;
using Microsoft.Extensions.Logging;
using Lbaas;
using Ml2.Resilience;

namespace Lbaas.Service;

/// <summary>
/// Applies finished jobs to the state with neutron-lbaas' <c>driver_mixins</c> semantics. Success: the object is
/// ACTIVE (operating ONLINE, or OFFLINE when administratively down) and its load balancer ACTIVE; a deleted object is
/// removed, and a deleted load balancer is unwired, its claims released and it is gone (DELETED). Failure: the object
/// is ERROR (operating OFFLINE) and its load balancer ACTIVE again; for the load balancer's own operations the load
/// balancer is ERROR, and a failed create also gives its capacity back (unwire, release) and then records the load balancer on no device,
/// without a VIP port. Each change is applied only
/// if the object is still in the PENDING_* status the job set (compare-and-set): after the reaper moved it to ERROR,
/// a late report changes nothing.
/// </summary>
internal sealed partial class StatusReporter(
    ILbaasStateStore store, DeviceReleaser devices, TimeProvider time, ILogger<StatusReporter> logger, ConflictRetry retry, LbaasMetrics metrics)
{
    /// <summary>Applies a finished job's outcome: ACTIVE or ERROR, or removal after a delete (the ledger's job-finished handler).</summary>
    public async ValueTask CompleteAsync(OperationJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        metrics.JobCompleted(job);
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
            var removed = await store.WriteWithRetryAsync(
                retry,
                async w =>
                {
                    if (await ObjectGraph.StatusOfAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id).ConfigureAwait(false) != expected)
                    {
                        return false;
                    }

                    await ObjectGraph.RemoveAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id).ConfigureAwait(false);
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
        var applied = await store.WriteWithRetryAsync(
            retry,
            async w =>
            {
                if (await ObjectGraph.StatusOfAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id).ConfigureAwait(false) != expected)
                {
                    return false;
                }

                if (job.Succeeded)
                {
                    var operating = await ObjectGraph.OperatingOnSuccessAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id).ConfigureAwait(false);
                    await ObjectGraph.SetStatusAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id, ProvisioningStatus.Active, operating, now).ConfigureAwait(false);
                    return true;
                }

                await ObjectGraph.SetStatusAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id, ProvisioningStatus.Error, OperatingStatus.Offline, now).ConfigureAwait(false);
                foreach (var (type, id, status) in await ObjectGraph.ChildrenOfAsync(w, lb.Id).ConfigureAwait(false))
                {
                    if (ProvisioningStatus.IsPending(status))
                    {
                        await ObjectGraph.SetStatusAsync(w, type, id, ProvisioningStatus.Error, OperatingStatus.Offline, now).ConfigureAwait(false);
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
            // Octavia's create flow reverts to ERROR and gives back what it took: the claim and the ports. Once they are
            // gone the load balancer is on no device and has no VIP port (deleting it then needs no agent); when giving
            // back failed, it keeps them so that its delete tries again.
            if (await devices.UnwireAndReleaseAsync(lb, lb.DeviceIds).ConfigureAwait(false))
            {
                await ForgetPlacementAsync(lb.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Clears the devices and VIP port of a load balancer still in ERROR whose claims and ports were given back.</summary>
    private async ValueTask ForgetPlacementAsync(string loadBalancerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await store.WriteWithRetryAsync(
            retry,
            async w => await w.FindAsync<LoadBalancer>(loadBalancerId).ConfigureAwait(false) is { ProvisioningStatus: ProvisioningStatus.Error } stored
                ? await w.UpdateAsync(stored with { DeviceIds = [], VipPortId = null, UpdatedAt = now }).ConfigureAwait(false)
                : null,
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask CompleteChildAsync(OperationJob job, string expected, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var outcome = await store.WriteWithRetryAsync(
            retry,
            async w =>
            {
                var status = await ObjectGraph.StatusOfAsync(w, job.ObjectType, job.ObjectId).ConfigureAwait(false);
                if (status != expected)
                {
                    return status ?? ProvisioningStatus.Deleted;
                }

                if (job.Succeeded && job.Action == AgentOperationAction.Delete)
                {
                    await ObjectGraph.RemoveAsync(w, job.ObjectType, job.ObjectId).ConfigureAwait(false);
                }
                else if (job.Succeeded)
                {
                    var operating = await ObjectGraph.OperatingOnSuccessAsync(w, job.ObjectType, job.ObjectId).ConfigureAwait(false);
                    await ObjectGraph.SetStatusAsync(w, job.ObjectType, job.ObjectId, ProvisioningStatus.Active, operating, now).ConfigureAwait(false);
                }
                else
                {
                    await ObjectGraph.SetStatusAsync(w, job.ObjectType, job.ObjectId, ProvisioningStatus.Error, OperatingStatus.Offline, now).ConfigureAwait(false);
                    if (job.ObjectType == LoadBalancerObjectType.Pool && job.Action == AgentOperationAction.Delete)
                    {
                        foreach (var member in await w.ListWhereAsync<Member>(m => m.PoolId == job.ObjectId && ProvisioningStatus.IsPending(m.ProvisioningStatus)).ConfigureAwait(false))
                        {
                            await ObjectGraph.SetStatusAsync(w, LoadBalancerObjectType.Member, member.Id, ProvisioningStatus.Error, OperatingStatus.Offline, now).ConfigureAwait(false);
                        }

                        foreach (var monitor in await w.ListWhereAsync<HealthMonitor>(h => h.PoolId == job.ObjectId && ProvisioningStatus.IsPending(h.ProvisioningStatus)).ConfigureAwait(false))
                        {
                            await ObjectGraph.SetStatusAsync(w, LoadBalancerObjectType.HealthMonitor, monitor.Id, ProvisioningStatus.Error, OperatingStatus.Offline, now).ConfigureAwait(false);
                        }
                    }
                }

                if (await w.FindAsync<LoadBalancer>(job.LoadBalancerId).ConfigureAwait(false) is { ProvisioningStatus: ProvisioningStatus.PendingUpdate } lb)
                {
                    var operating = await ObjectGraph.OperatingOnSuccessAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id).ConfigureAwait(false);
                    await ObjectGraph.SetStatusAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id, ProvisioningStatus.Active, operating, now).ConfigureAwait(false);
                }

                return (string?)null;
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
