using Lbaas.Agents;
using Lbaas.Diagnostics;
using Lbaas.Storage;
using Microsoft.Extensions.Logging;
using Lbaas;
using Ml2.Resilience;

namespace Lbaas.Service;

/// <summary>
/// Applies finished jobs (the <see cref="OperationLedger"/>'s completion) to the state with neutron-lbaas'
/// <c>driver_mixins</c> semantics. A job of the load balancer itself goes to <see cref="LoadBalancerLifecycle.CompleteAsync"/>.
/// A child's job: success makes the object ACTIVE (operating ONLINE, or OFFLINE when administratively down) and its load
/// balancer ACTIVE again; a deleted object is removed. Failure makes the object ERROR (operating OFFLINE) and its load
/// balancer ACTIVE again. Each change is applied only if the object is still in the PENDING_* status the job set
/// (compare-and-set): after the reaper moved it to ERROR, a late report changes nothing.
/// </summary>
internal sealed class StatusReporter(
    ILbaasObjectStore store, LoadBalancerLifecycle lifecycle, TimeProvider time, ILogger<StatusReporter> logger, ConflictRetry retry, LbaasMetrics metrics)
{
    /// <summary>Applies a finished job's outcome: ACTIVE or ERROR, or removal after a delete (the ledger's job-finished handler).</summary>
    public async ValueTask CompleteAsync(OperationJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        metrics.JobCompleted(job.Action, job.ObjectType, job.Succeeded);
        var expected = job.Action switch
        {
            AgentOperationAction.Create => ProvisioningStatus.PendingCreate,
            AgentOperationAction.Update => ProvisioningStatus.PendingUpdate,
            _ => ProvisioningStatus.PendingDelete,
        };
        if (job.ObjectType == LoadBalancerObjectType.LoadBalancer)
        {
            await lifecycle.CompleteAsync(job, expected, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await CompleteChildAsync(job, expected, cancellationToken).ConfigureAwait(false);
        }
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
                        foreach (var member in await w.Members.ListWhereAsync(m => m.PoolId == job.ObjectId && ProvisioningStatus.IsPending(m.ProvisioningStatus)).ConfigureAwait(false))
                        {
                            await ObjectGraph.SetStatusAsync(w, LoadBalancerObjectType.Member, member.Id, ProvisioningStatus.Error, OperatingStatus.Offline, now).ConfigureAwait(false);
                        }

                        foreach (var monitor in await w.HealthMonitors.ListWhereAsync(h => h.PoolId == job.ObjectId && ProvisioningStatus.IsPending(h.ProvisioningStatus)).ConfigureAwait(false))
                        {
                            await ObjectGraph.SetStatusAsync(w, LoadBalancerObjectType.HealthMonitor, monitor.Id, ProvisioningStatus.Error, OperatingStatus.Offline, now).ConfigureAwait(false);
                        }
                    }
                }

                if (await w.LoadBalancers.FindAsync(job.LoadBalancerId).ConfigureAwait(false) is { ProvisioningStatus: ProvisioningStatus.PendingUpdate } lb)
                {
                    var operating = await ObjectGraph.OperatingOnSuccessAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id).ConfigureAwait(false);
                    await ObjectGraph.SetStatusAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id, ProvisioningStatus.Active, operating, now).ConfigureAwait(false);
                }

                return (string?)null;
            },
            cancellationToken).ConfigureAwait(false);
        if (outcome is not null)
        {
            StatusLog.StaleCompletion(logger, job.Action, job.ObjectType, job.ObjectId, expected, outcome);
        }
        else if (!job.Succeeded)
        {
            StatusLog.ObjectFailed(logger, job.Action, job.ObjectType, job.ObjectId, job.LoadBalancer.Provider, string.Join("; ", job.Errors));
        }
        else if (job.Action == AgentOperationAction.Delete)
        {
            StatusLog.ObjectDeleted(logger, job.ObjectType, job.ObjectId, ProvisioningStatus.Deleted);
        }
        else
        {
            StatusLog.ObjectActive(logger, job.Action, job.ObjectType, job.ObjectId);
        }
    }
}
