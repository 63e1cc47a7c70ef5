using Lbaas.Configuration;
using Lbaas.Devices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lbaas.Agents;

/// <summary>
/// The plugin side of the agents: sends each operation to the agent that owns its device (assigning an unowned device,
/// or one whose agent is dead, to the live agent owning the fewest devices), remembers every operation until its agent
/// reports, applies a job's outcome when its last operation has reported, and on an agent's death moves its devices to
/// live agents and sends its unfinished operations again there (neutron-lbaas' Ocata auto-reschedule; no move back
/// when the agent revives). Receives agents' heartbeats and reports as the <see cref="IAgentStatusSink"/>.
/// </summary>
/// <remarks>
/// Operations are routed one at a time (a semaphore), so operations for one device reach its agent in submission order.
/// <see cref="WhenIdleAsync"/> completes when every submitted job has completed or been abandoned: tests await it
/// instead of sleeping.
/// </remarks>
internal sealed partial class AgentDispatcher : IAgentStatusSink, IDisposable
{
    private readonly ILbaasAgentTransport _transport;
    private readonly IDeviceRegistry _registry;
    private readonly AgentDirectory _directory;
    private readonly IOperationCompletion _completion;
    private readonly TimeProvider _time;
    private readonly TimeSpan _deadAfter;
    private readonly ILogger<AgentDispatcher> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Outstanding> _outstanding = new(StringComparer.Ordinal);
    private readonly List<TaskCompletionSource> _idleWaiters = [];
    private readonly SemaphoreSlim _routing = new(1, 1);
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private volatile bool _connected;
    private long _sequence;
    private int _busyJobs;

    public AgentDispatcher(
        ILbaasAgentTransport transport,
        IDeviceRegistry registry,
        AgentDirectory directory,
        IOperationCompletion completion,
        TimeProvider time,
        IOptions<LbaasOptions> options,
        ILogger<AgentDispatcher> logger)
    {
        _transport = transport;
        _registry = registry;
        _directory = directory;
        _completion = completion;
        _time = time;
        _deadAfter = options.Value.AgentDeadAfter;
        _logger = logger;
    }

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

    /// <summary>Connects the transport once; agents start and send their first heartbeat.</summary>
    public async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connected)
        {
            return;
        }

        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_connected)
            {
                await _transport.ConnectAsync(this, cancellationToken).ConfigureAwait(false);
                _connected = true;
            }
        }
        finally
        {
            _connecting.Release();
        }
    }

    /// <summary>
    /// Submits a job and sends its operations. A job without operations (a load balancer on no device) completes at
    /// once. Routing does not observe <paramref name="cancellationToken"/> once the job is recorded: the state already
    /// says PENDING_*, so the operations must reach an agent.
    /// </summary>
    public async ValueTask SubmitAsync(OperationJob job, IReadOnlyList<AgentOperation> operations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(operations);
        await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<Outstanding>(operations.Count);
        lock (_gate)
        {
            _busyJobs++;
            job.State = operations.Count == 0 ? OperationJobState.Completing : OperationJobState.Pending;
            foreach (var operation in operations)
            {
                var entry = new Outstanding(operation, job, ++_sequence);
                _outstanding.Add(operation.Id, entry);
                entries.Add(entry);
            }
        }

        if (operations.Count == 0)
        {
            await CompleteJobAsync(job).ConfigureAwait(false);
            return;
        }

        var unsent = new List<(Outstanding Entry, string? Error)>();
        await _routing.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            foreach (var entry in entries)
            {
                await RouteAsync(entry, previousAgent: null, unsent).ConfigureAwait(false);
            }
        }
        finally
        {
            _routing.Release();
        }

        await SettleAsync(unsent).ConfigureAwait(false);
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
            Log.OperationsAbandoned(_logger, dropped, loadBalancerId);
        }

        return dropped;
    }

    /// <summary>
    /// Moves a dead agent's devices to live agents (fewest devices first) and sends its unfinished operations again,
    /// in their original order, to the devices' new owners. Does nothing if the agent is alive again.
    /// </summary>
    public async ValueTask TakeOverAsync(string deadAgentId, CancellationToken cancellationToken)
    {
        var unsent = new List<(Outstanding Entry, string? Error)>();
        await _routing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await TakeOverCoreAsync(deadAgentId, unsent).ConfigureAwait(false);
        }
        finally
        {
            _routing.Release();
        }

        await SettleAsync(unsent).ConfigureAwait(false);
    }

    /// <summary>Sends operations parked for want of a live agent, now that there may be one.</summary>
    public async ValueTask RetryParkedAsync(CancellationToken cancellationToken)
    {
        var unsent = new List<(Outstanding Entry, string? Error)>();
        await _routing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<Outstanding> parked;
            lock (_gate)
            {
                parked = [.. _outstanding.Values.Where(e => e.AgentId is null).OrderBy(e => e.Sequence)];
            }

            foreach (var entry in parked)
            {
                await RouteAsync(entry, previousAgent: null, unsent).ConfigureAwait(false);
            }
        }
        finally
        {
            _routing.Release();
        }

        await SettleAsync(unsent).ConfigureAwait(false);
    }

    public ValueTask HeartbeatAsync(string agentId, CancellationToken cancellationToken) =>
        _directory.HeartbeatAsync(agentId, _time.GetUtcNow(), cancellationToken);

    public ValueTask<bool> ShouldRunAsync(string agentId, string operationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(
                _outstanding.TryGetValue(operationId, out var entry) && string.Equals(entry.AgentId, agentId, StringComparison.Ordinal));
        }
    }

    public async ValueTask ReportAsync(AgentOperationReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        OperationJob? finished = null;
        lock (_gate)
        {
            if (!_outstanding.TryGetValue(report.OperationId, out var entry)
                || !string.Equals(entry.AgentId, report.AgentId, StringComparison.Ordinal))
            {
                Log.StaleReport(_logger, report.OperationId, report.AgentId);
                return;
            }

            _outstanding.Remove(report.OperationId);
            if (entry.Job.Record(report.Succeeded, report.ErrorMessage) && entry.Job.State == OperationJobState.Pending)
            {
                entry.Job.State = OperationJobState.Completing;
                finished = entry.Job;
            }
        }

        if (finished is not null)
        {
            await CompleteJobAsync(finished).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _routing.Dispose();
        _connecting.Dispose();
    }

    private async ValueTask TakeOverCoreAsync(string deadAgentId, List<(Outstanding Entry, string? Error)> unsent)
    {
        var now = _time.GetUtcNow();
        if (await _directory.IsAliveAsync(deadAgentId, now, _deadAfter).ConfigureAwait(false))
        {
            return;
        }

        var devices = _registry.List().Where(d => string.Equals(d.AgentId, deadAgentId, StringComparison.Ordinal)).ToList();
        if (await _directory.SetTakenOverAsync(deadAgentId, true).ConfigureAwait(false))
        {
            var lastHeartbeat = (await _directory.AllAsync().ConfigureAwait(false)).FirstOrDefault(a => a.Id == deadAgentId)?.HeartbeatAt;
            Log.AgentDead(_logger, deadAgentId, lastHeartbeat, devices.Count);
        }

        foreach (var device in devices)
        {
            var next = await LeastLoadedLiveAgentAsync(now).ConfigureAwait(false);
            await _registry.AssignAgentAsync(device.Id, next).ConfigureAwait(false);
            Log.DeviceMoved(_logger, device.Id, deadAgentId, next ?? "(none)");
        }

        List<Outstanding> unfinished;
        lock (_gate)
        {
            unfinished = [.. _outstanding.Values
                .Where(e => string.Equals(e.AgentId, deadAgentId, StringComparison.Ordinal))
                .OrderBy(e => e.Sequence)];
            foreach (var entry in unfinished)
            {
                entry.AgentId = null;
            }
        }

        foreach (var entry in unfinished)
        {
            await RouteAsync(entry, deadAgentId, unsent).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one operation to its device's owner (the routing semaphore is held).</summary>
    private async ValueTask RouteAsync(Outstanding entry, string? previousAgent, List<(Outstanding Entry, string? Error)> unsent)
    {
        lock (_gate)
        {
            if (!_outstanding.ContainsKey(entry.Operation.Id))
            {
                return;
            }
        }

        var operation = entry.Operation;
        if (_registry.Find(operation.DeviceId) is null)
        {
            // A delete on a device that is gone has nothing left to do; anything else cannot be done.
            unsent.Add((entry, operation.Action == AgentOperationAction.Delete ? null : $"Device {operation.DeviceId} is not registered."));
            return;
        }

        var agentId = await OwnerOfAsync(operation.DeviceId, unsent).ConfigureAwait(false);
        if (agentId is null)
        {
            Log.NoLiveAgent(_logger, operation.Id, operation.DeviceId);
            return;
        }

        int attempt;
        lock (_gate)
        {
            if (!_outstanding.ContainsKey(operation.Id))
            {
                return;
            }

            entry.AgentId = agentId;
            attempt = ++entry.Attempts;
        }

        if (previousAgent is not null)
        {
            Log.OperationRedone(_logger, operation.Id, operation.Action, operation.ObjectType, operation.ObjectId, agentId, previousAgent, attempt);
        }

        using var activity = Diagnostics.LbaasTracing.StartSend(operation, agentId);
        try
        {
            // A traced operation carries the send span's context, so the agent's span joins the trace.
            var sent = activity is null ? operation : operation with { TraceParent = activity.Id };
            await _transport.SendAsync(agentId, sent, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Ml2.Diagnostics.Ml2Tracing.Fail(activity, ex);
            Log.SendFailed(_logger, operation.Id, agentId, ex);
            unsent.Add((entry, $"Agent '{agentId}' could not be reached: {ex.Message}"));
        }
    }

    /// <summary>The live owner of a device: its agent if alive; else, after taking over a dead owner, the least-loaded live agent.</summary>
    private async ValueTask<string?> OwnerOfAsync(string deviceId, List<(Outstanding Entry, string? Error)> unsent)
    {
        var now = _time.GetUtcNow();
        var device = _registry.Find(deviceId);
        if (device is null)
        {
            return null;
        }

        if (await _directory.IsAliveAsync(device.AgentId, now, _deadAfter).ConfigureAwait(false))
        {
            return device.AgentId;
        }

        if (device.AgentId is { } deadOwner)
        {
            // Its agent died and the monitor has not noticed yet: take the whole agent over now, so its unfinished
            // operations move before this one is sent.
            await TakeOverCoreAsync(deadOwner, unsent).ConfigureAwait(false);
            device = _registry.Find(deviceId);
            if (device is not null && await _directory.IsAliveAsync(device.AgentId, now, _deadAfter).ConfigureAwait(false))
            {
                return device.AgentId;
            }
        }

        var next = await LeastLoadedLiveAgentAsync(now).ConfigureAwait(false);
        if (next is not null)
        {
            await _registry.AssignAgentAsync(deviceId, next).ConfigureAwait(false);
            Log.DeviceAssigned(_logger, deviceId, next);
        }

        return next;
    }

    private async ValueTask<string?> LeastLoadedLiveAgentAsync(DateTimeOffset now)
    {
        var alive = await _directory.AliveAsync(now, _deadAfter).ConfigureAwait(false);
        if (alive.Count == 0)
        {
            return null;
        }

        var owned = _registry.List()
            .Where(d => d.AgentId is not null)
            .GroupBy(d => d.AgentId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return alive.OrderBy(a => owned.GetValueOrDefault(a)).ThenBy(a => a, StringComparer.Ordinal).First();
    }

    /// <summary>
    /// Settles operations that were not sent, as if their agent had reported: failed with the error, or succeeded when
    /// the error is null (a delete on a device that no longer exists).
    /// </summary>
    private async ValueTask SettleAsync(List<(Outstanding Entry, string? Error)> unsent)
    {
        foreach (var (entry, error) in unsent)
        {
            OperationJob? finished = null;
            lock (_gate)
            {
                if (!_outstanding.Remove(entry.Operation.Id))
                {
                    continue;
                }

                if (entry.Job.Record(error is null, error) && entry.Job.State == OperationJobState.Pending)
                {
                    entry.Job.State = OperationJobState.Completing;
                    finished = entry.Job;
                }
            }

            if (finished is not null)
            {
                await CompleteJobAsync(finished).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask CompleteJobAsync(OperationJob job)
    {
        try
        {
            await _completion.CompleteAsync(job, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.JobCompletionFailed(_logger, job.Action, job.ObjectType, job.ObjectId, ex);
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

    private sealed class Outstanding(AgentOperation operation, OperationJob job, long sequence)
    {
        public AgentOperation Operation { get; } = operation;

        public OperationJob Job { get; } = job;

        public long Sequence { get; } = sequence;

        /// <summary>The agent it was sent to, or null while parked (no live agent) or being moved.</summary>
        public string? AgentId { get; set; }

        public int Attempts { get; set; }
    }
}
