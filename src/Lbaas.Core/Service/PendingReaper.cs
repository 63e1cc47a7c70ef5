using Lbaas.Agents;
using Lbaas.Configuration;
using Lbaas.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Hosting;
using Lbaas;
using Ml2.Resilience;

namespace Lbaas.Service;

/// <summary>
/// Moves objects stuck in PENDING_* for longer than <see cref="LbaasOptions.PendingTimeout"/> to ERROR, so they can be
/// deleted instead of staying immutable forever (the top LBaaS complaint: F5 agents and drivers that never report).
/// A stuck load balancer takes its PENDING_* children with it. Their unfinished agent operations are abandoned: agents
/// skip them and late reports change nothing. Runs every <see cref="LbaasOptions.ReaperInterval"/> on the injected
/// <see cref="TimeProvider"/> once the service starts (until it stops), or when called.
/// </summary>
internal sealed partial class PendingReaper : IAsyncDisposable, IDisposable
{
    private readonly ILbaasObjectStore _store;
    private readonly OperationLedger _ledger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _interval;
    private readonly ILogger<PendingReaper> _logger;
    private readonly ConflictRetry _retry;
    private readonly PeriodicWork _loop;

    public PendingReaper(ILbaasObjectStore store, OperationLedger ledger, TimeProvider time, IOptions<LbaasOptions> options, ILogger<PendingReaper> logger, ConflictRetry retry)
    {
        _store = store;
        _retry = retry;
        _ledger = ledger;
        _time = time;
        _timeout = options.Value.PendingTimeout;
        _interval = options.Value.ReaperInterval;
        _logger = logger;
        _loop = new PeriodicWork(time, _interval, async ct => await RunOnceAsync(ct).ConfigureAwait(false), ex => Log.ReaperFailed(_logger, ex));
    }

    /// <summary>Starts the periodic run (once), unless the interval is zero or the reaper was stopped.</summary>
    public void Start()
    {
        if (_interval > TimeSpan.Zero)
        {
            _loop.Start();
        }
    }

    /// <summary>Stops the periodic run for good, waiting for a run in progress (cancelled when the token is).</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _loop.StopAsync(cancellationToken);

    /// <summary>Reaps once at the provider's current time.</summary>
    /// <returns>The objects moved to ERROR.</returns>
    public ValueTask<IReadOnlyList<(LoadBalancerObjectType Type, string Id)>> RunOnceAsync(CancellationToken cancellationToken = default) =>
        RunOnceAsync(_time.GetUtcNow(), cancellationToken);

    /// <summary>Moves every object PENDING_* since before <paramref name="now"/> minus the timeout to ERROR.</summary>
    /// <returns>The objects moved to ERROR.</returns>
    public async ValueTask<IReadOnlyList<(LoadBalancerObjectType Type, string Id)>> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var reaped = await _store.WriteWithRetryAsync(_retry, w => ReapAsync(w, now), cancellationToken).ConfigureAwait(false);
        foreach (var (type, id, _, status, since) in reaped)
        {
            Log.ObjectReaped(_logger, type, id, status, now - since, _timeout);
        }

        foreach (var loadBalancerId in reaped.Select(r => r.LoadBalancerId).Distinct(StringComparer.Ordinal))
        {
            _ledger.AbandonLoadBalancer(loadBalancerId);
        }

        return [.. reaped.Select(r => (r.Type, r.Id))];
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    public void Dispose() => _loop.Dispose();

    private async ValueTask<List<(LoadBalancerObjectType Type, string Id, string LoadBalancerId, string Status, DateTimeOffset Since)>> ReapAsync(ILbaasTransaction w, DateTimeOffset now)
    {
        var reaped = new List<(LoadBalancerObjectType Type, string Id, string LoadBalancerId, string Status, DateTimeOffset Since)>();
        bool Stuck(string status, DateTimeOffset since) => ProvisioningStatus.IsPending(status) && now - since > _timeout;
        async ValueTask ErrorAsync(LoadBalancerObjectType type, string id, string lbId, string status, DateTimeOffset since)
        {
            await ObjectGraph.SetStatusAsync(w, type, id, ProvisioningStatus.Error, OperatingStatus.Offline, now).ConfigureAwait(false);
            reaped.Add((type, id, lbId, status, since));
        }

        foreach (var lb in await w.LoadBalancers.ListWhereAsync(lb => Stuck(lb.ProvisioningStatus, lb.UpdatedAt)).ConfigureAwait(false))
        {
            await ErrorAsync(LoadBalancerObjectType.LoadBalancer, lb.Id, lb.Id, lb.ProvisioningStatus, lb.UpdatedAt).ConfigureAwait(false);
            foreach (var (type, id, status) in await ObjectGraph.ChildrenOfAsync(w, lb.Id).ConfigureAwait(false))
            {
                if (ProvisioningStatus.IsPending(status))
                {
                    await ErrorAsync(type, id, lb.Id, status, lb.UpdatedAt).ConfigureAwait(false);
                }
            }
        }

        // Children stuck on their own (their load balancer is not PENDING_*): only they move to ERROR.
        foreach (var listener in await w.Listeners.ListWhereAsync(l => Stuck(l.ProvisioningStatus, l.UpdatedAt)).ConfigureAwait(false))
        {
            await ErrorAsync(LoadBalancerObjectType.Listener, listener.Id, listener.LoadBalancerId, listener.ProvisioningStatus, listener.UpdatedAt).ConfigureAwait(false);
        }

        foreach (var pool in await w.Pools.ListWhereAsync(p => Stuck(p.ProvisioningStatus, p.UpdatedAt)).ConfigureAwait(false))
        {
            await ErrorAsync(LoadBalancerObjectType.Pool, pool.Id, pool.LoadBalancerId, pool.ProvisioningStatus, pool.UpdatedAt).ConfigureAwait(false);
        }

        foreach (var member in await w.Members.ListWhereAsync(m => Stuck(m.ProvisioningStatus, m.UpdatedAt)).ConfigureAwait(false))
        {
            var lbId = await ObjectGraph.LoadBalancerIdOfAsync(w, member).ConfigureAwait(false) ?? "";
            await ErrorAsync(LoadBalancerObjectType.Member, member.Id, lbId, member.ProvisioningStatus, member.UpdatedAt).ConfigureAwait(false);
        }

        foreach (var monitor in await w.HealthMonitors.ListWhereAsync(h => Stuck(h.ProvisioningStatus, h.UpdatedAt)).ConfigureAwait(false))
        {
            var lbId = await ObjectGraph.LoadBalancerIdOfAsync(w, monitor).ConfigureAwait(false) ?? "";
            await ErrorAsync(LoadBalancerObjectType.HealthMonitor, monitor.Id, lbId, monitor.ProvisioningStatus, monitor.UpdatedAt).ConfigureAwait(false);
        }

        return reaped;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.ObjectReaped, EventName = nameof(ObjectReaped), Level = LogLevel.Warning,
            Message = "{ObjectType} '{ObjectId}' was {Status} for {Elapsed}, longer than the pending timeout {Timeout}; it is now ERROR and can be deleted.")]
        public static partial void ObjectReaped(ILogger logger, LoadBalancerObjectType objectType, string objectId, string status, TimeSpan elapsed, TimeSpan timeout);

        [LoggerMessage(EventId = ServiceEventIds.ReaperFailed, EventName = nameof(ReaperFailed), Level = LogLevel.Error,
            Message = "The pending reaper's run failed.")]
        public static partial void ReaperFailed(ILogger logger, Exception exception);
    }
}
