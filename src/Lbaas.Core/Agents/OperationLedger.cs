using Microsoft.Extensions.Logging;

namespace Lbaas.Agents;

/// <summary>
/// The plugin's book of agent work: every operation sent and not yet reported (or parked for want of a live agent),
/// the job each belongs to, and who waits for the books to be empty. When a job's last operation is settled the ledger
/// hands the job to its one subscriber (<see cref="OnJobFinished"/>; the service's status reporter applies ACTIVE or
/// ERROR), so the agents never call into the service.
/// </summary>
/// <remarks>
/// Thread-safe; every method is short and takes one lock. <see cref="WhenIdleAsync"/> completes when every job has
/// completed or been abandoned: tests await it instead of sleeping.
/// </remarks>
internal sealed partial class OperationLedger(ILogger<OperationLedger> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OutstandingOperation> _outstanding = new(StringComparer.Ordinal);
    private readonly List<TaskCompletionSource> _idleWaiters = [];
    private Func<OperationJob, CancellationToken, ValueTask>? _onJobFinished;
    private long _sequence;
    private int _busyJobs;

    /// <summary>The number of operations sent and not yet reported (or parked without a live agent).</summary>
    public int OutstandingCount
    {
        get
        {
            lock (_gate)
            {
                return _outstanding.Count;
            }
        }
    }

    /// <summary>
    /// Subscribes the one handler that applies a finished job's outcome (the service's status reporter). It is awaited
    /// before the job counts as done, so <see cref="WhenIdleAsync"/> also waits for the outcome to be applied.
    /// </summary>
    /// <exception cref="InvalidOperationException">A handler is already subscribed.</exception>
    public void OnJobFinished(Func<OperationJob, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Interlocked.CompareExchange(ref _onJobFinished, handler, null) is not null)
        {
            throw new InvalidOperationException("The operation ledger already has a job-finished handler.");
        }
    }

    /// <summary>Records a job and its operations (none: the job is finishing at once, see <see cref="FinishAsync"/>).</summary>
    /// <returns>The outstanding entries, in submission order.</returns>
    public List<OutstandingOperation> Open(OperationJob job, IReadOnlyList<AgentOperation> operations)
    {
        var entries = new List<OutstandingOperation>(operations.Count);
        lock (_gate)
        {
            _busyJobs++;
            job.State = operations.Count == 0 ? OperationJobState.Completing : OperationJobState.Pending;
            foreach (var operation in operations)
            {
                var entry = new OutstandingOperation(operation, job, ++_sequence);
                _outstanding.Add(operation.Id, entry);
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>Whether the operation is still outstanding (not reported, settled or abandoned).</summary>
    public bool IsOutstanding(string operationId)
    {
        lock (_gate)
        {
            return _outstanding.ContainsKey(operationId);
        }
    }

    /// <summary>Whether the operation is outstanding and sent to <paramref name="agentId"/> (it is that agent's to run).</summary>
    public bool IsAssignedTo(string operationId, string agentId)
    {
        lock (_gate)
        {
            return _outstanding.TryGetValue(operationId, out var entry) && string.Equals(entry.AgentId, agentId, StringComparison.Ordinal);
        }
    }

    /// <summary>Records that an outstanding operation is being sent to <paramref name="agentId"/>.</summary>
    /// <returns>The attempt number, or 0 when it is no longer outstanding (abandoned meanwhile).</returns>
    public int Assign(OutstandingOperation entry, string agentId)
    {
        lock (_gate)
        {
            if (!_outstanding.ContainsKey(entry.Operation.Id))
            {
                return 0;
            }

            entry.AgentId = agentId;
            return ++entry.Attempts;
        }
    }

    /// <summary>The operations parked without an agent, in submission order.</summary>
    public List<OutstandingOperation> Parked()
    {
        lock (_gate)
        {
            return [.. _outstanding.Values.Where(e => e.AgentId is null).OrderBy(e => e.Sequence)];
        }
    }

    /// <summary>Takes a dead agent's unfinished operations back (parks them), in submission order, to be sent again.</summary>
    public List<OutstandingOperation> Unassign(string deadAgentId)
    {
        lock (_gate)
        {
            List<OutstandingOperation> unfinished = [.. _outstanding.Values
                .Where(e => string.Equals(e.AgentId, deadAgentId, StringComparison.Ordinal))
                .OrderBy(e => e.Sequence)];
            foreach (var entry in unfinished)
            {
                entry.AgentId = null;
            }

            return unfinished;
        }
    }

    /// <summary>
    /// Records an agent's report. A report for an operation that is no longer that agent's (moved, abandoned or already
    /// reported) is ignored.
    /// </summary>
    /// <returns>Whether the report was recorded, and the job it finished, if any (hand it to <see cref="FinishAsync"/>).</returns>
    public (bool Recorded, OperationJob? Finished) Report(AgentOperationReport report)
    {
        lock (_gate)
        {
            if (!_outstanding.TryGetValue(report.OperationId, out var entry)
                || !string.Equals(entry.AgentId, report.AgentId, StringComparison.Ordinal))
            {
                return (false, null);
            }

            _outstanding.Remove(report.OperationId);
            return (true, RecordLocked(entry.Job, report.Succeeded, report.ErrorMessage));
        }
    }

    /// <summary>
    /// Settles an operation that was not sent as if its agent had reported: failed with <paramref name="error"/>, or
    /// succeeded when it is null. Does nothing if it is no longer outstanding.
    /// </summary>
    /// <returns>The job it finished, if any (hand it to <see cref="FinishAsync"/>).</returns>
    public OperationJob? Settle(OutstandingOperation entry, string? error)
    {
        lock (_gate)
        {
            return _outstanding.Remove(entry.Operation.Id) ? RecordLocked(entry.Job, error is null, error) : null;
        }
    }

    /// <summary>
    /// Forgets every outstanding operation of a load balancer (the reaper moved it to ERROR): agents skip them, late
    /// reports are ignored, and their jobs end without applying a status.
    /// </summary>
    /// <returns>How many operations were dropped.</returns>
    public int AbandonLoadBalancer(string loadBalancerId)
    {
        int dropped;
        lock (_gate)
        {
            var entries = _outstanding.Values.Where(e => e.Job.LoadBalancerId == loadBalancerId).ToList();
            foreach (var entry in entries)
            {
                _outstanding.Remove(entry.Operation.Id);
            }

            foreach (var job in entries.Select(e => e.Job).Distinct())
            {
                if (job.State == OperationJobState.Pending)
                {
                    job.State = OperationJobState.Done;
                    _busyJobs--;
                }
            }

            dropped = entries.Count;
            SignalIdleIfQuiet();
        }

        if (dropped > 0)
        {
            Log.OperationsAbandoned(logger, dropped, loadBalancerId);
        }

        return dropped;
    }

    /// <summary>
    /// Raises the job's completion (the subscribed handler applies its outcome; a failure there is logged), then marks
    /// it done and wakes idle waiters.
    /// </summary>
    public async ValueTask FinishAsync(OperationJob job)
    {
        try
        {
            if (_onJobFinished is { } handler)
            {
                await handler(job, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            Log.JobCompletionFailed(logger, job.Action, job.ObjectType, job.ObjectId, ex);
        }
        finally
        {
            lock (_gate)
            {
                job.State = OperationJobState.Done;
                _busyJobs--;
                SignalIdleIfQuiet();
            }
        }
    }

    /// <summary>Completes when no job is outstanding.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_busyJobs == 0)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _idleWaiters.Add(waiter);
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Records one operation's outcome on its job (the lock is held); returns the job if that finished it.</summary>
    private static OperationJob? RecordLocked(OperationJob job, bool succeeded, string? error)
    {
        if (job.Record(succeeded, error) && job.State == OperationJobState.Pending)
        {
            job.State = OperationJobState.Completing;
            return job;
        }

        return null;
    }

    private void SignalIdleIfQuiet()
    {
        if (_busyJobs != 0 || _idleWaiters.Count == 0)
        {
            return;
        }

        foreach (var waiter in _idleWaiters)
        {
            waiter.TrySetResult();
        }

        _idleWaiters.Clear();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AgentEventIds.JobCompletionFailed, EventName = nameof(JobCompletionFailed), Level = LogLevel.Error,
            Message = "Applying the outcome of {Action} {ObjectType} '{ObjectId}' failed.")]
        public static partial void JobCompletionFailed(ILogger logger, AgentOperationAction action, LoadBalancerObjectType objectType, string objectId, Exception exception);

        [LoggerMessage(EventId = AgentEventIds.OperationsAbandoned, EventName = nameof(OperationsAbandoned), Level = LogLevel.Warning,
            Message = "Abandoned {Count} unfinished operations of load balancer '{LoadBalancerId}'.")]
        public static partial void OperationsAbandoned(ILogger logger, int count, string loadBalancerId);
    }
}
