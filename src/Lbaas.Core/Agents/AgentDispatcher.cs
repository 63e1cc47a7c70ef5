using Microsoft.Extensions.Logging;

namespace Lbaas.Agents;

/// <summary>
/// The plugin side of the agents, as the <see cref="IAgentStatusSink"/> the transport delivers to: sends each operation
/// to the agent that owns its device (<see cref="AgentAssignment"/>), keeps it in the <see cref="OperationLedger"/>
/// until its agent reports, and on an agent's death moves its devices and sends its unfinished operations again to
/// their new owners. Finished jobs leave through the ledger's <see cref="OperationLedger.OnJobFinished"/>.
/// </summary>
/// <remarks>
/// Operations are routed one at a time (a semaphore), so operations for one device reach its agent in submission order.
/// </remarks>
internal sealed partial class AgentDispatcher : IAgentStatusSink, IDisposable
{
    private readonly ILbaasAgentTransport _transport;
    private readonly OperationLedger _ledger;
    private readonly AgentAssignment _assignment;
    private readonly AgentDirectory _directory;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentDispatcher> _logger;
    private readonly SemaphoreSlim _routing = new(1, 1);
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private volatile bool _connected;

    public AgentDispatcher(
        ILbaasAgentTransport transport,
        OperationLedger ledger,
        AgentAssignment assignment,
        AgentDirectory directory,
        TimeProvider time,
        ILogger<AgentDispatcher> logger)
    {
        _transport = transport;
        _ledger = ledger;
        _assignment = assignment;
        _directory = directory;
        _time = time;
        _logger = logger;
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
        var entries = _ledger.Open(job, operations);
        if (operations.Count == 0)
        {
            await _ledger.FinishAsync(job).ConfigureAwait(false);
            return;
        }

        await RouteAllAsync(entries, previousAgent: null, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves a dead agent's devices to live agents (fewest devices first) and sends its unfinished operations again,
    /// in their original order, to the devices' new owners. Does nothing if the agent is alive again.
    /// </summary>
    public async ValueTask TakeOverAsync(string deadAgentId, CancellationToken cancellationToken)
    {
        var unsent = new List<(OutstandingOperation Entry, string? Error)>();
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
    public ValueTask RetryParkedAsync(CancellationToken cancellationToken) =>
        RouteAllAsync(null, previousAgent: null, cancellationToken);

    public ValueTask HeartbeatAsync(string agentId, CancellationToken cancellationToken) =>
        _directory.HeartbeatAsync(agentId, _time.GetUtcNow(), cancellationToken);

    public ValueTask<bool> ShouldRunAsync(string agentId, string operationId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_ledger.IsAssignedTo(operationId, agentId));

    public async ValueTask ReportAsync(AgentOperationReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (recorded, finished) = _ledger.Report(report);
        if (!recorded)
        {
            Log.StaleReport(_logger, report.OperationId, report.AgentId);
        }
        else if (finished is not null)
        {
            await _ledger.FinishAsync(finished).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _routing.Dispose();
        _connecting.Dispose();
    }

    /// <summary>Routes <paramref name="entries"/> (null: the parked operations, read under the semaphore), then settles what could not be sent.</summary>
    private async ValueTask RouteAllAsync(List<OutstandingOperation>? entries, string? previousAgent, CancellationToken cancellationToken)
    {
        var unsent = new List<(OutstandingOperation Entry, string? Error)>();
        await _routing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var entry in entries ?? _ledger.Parked())
            {
                await RouteAsync(entry, previousAgent, unsent).ConfigureAwait(false);
            }
        }
        finally
        {
            _routing.Release();
        }

        await SettleAsync(unsent).ConfigureAwait(false);
    }

    private async ValueTask TakeOverCoreAsync(string deadAgentId, List<(OutstandingOperation Entry, string? Error)> unsent)
    {
        if (!await _assignment.TakeOverAsync(deadAgentId, _time.GetUtcNow()).ConfigureAwait(false))
        {
            return;
        }

        foreach (var entry in _ledger.Unassign(deadAgentId))
        {
            await RouteAsync(entry, deadAgentId, unsent).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one operation to its device's owner (the routing semaphore is held).</summary>
    private async ValueTask RouteAsync(OutstandingOperation entry, string? previousAgent, List<(OutstandingOperation Entry, string? Error)> unsent)
    {
        var operation = entry.Operation;
        if (!_ledger.IsOutstanding(operation.Id))
        {
            return;
        }

        if (!_assignment.IsRegistered(operation.DeviceId))
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

        var attempt = _ledger.Assign(entry, agentId);
        if (attempt == 0)
        {
            return;
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
    private async ValueTask<string?> OwnerOfAsync(string deviceId, List<(OutstandingOperation Entry, string? Error)> unsent)
    {
        var now = _time.GetUtcNow();
        var (owner, deadOwner) = await _assignment.OwnerOfAsync(deviceId, now).ConfigureAwait(false);
        if (owner is not null || !_assignment.IsRegistered(deviceId))
        {
            return owner;
        }

        if (deadOwner is not null)
        {
            // Its agent died and the monitor has not noticed yet: take the whole agent over now, so its unfinished
            // operations move before this one is sent.
            await TakeOverCoreAsync(deadOwner, unsent).ConfigureAwait(false);
            (owner, _) = await _assignment.OwnerOfAsync(deviceId, now).ConfigureAwait(false);
            if (owner is not null)
            {
                return owner;
            }
        }

        return await _assignment.AssignLeastLoadedAsync(deviceId, now).ConfigureAwait(false);
    }

    /// <summary>
    /// Settles operations that were not sent, as if their agent had reported: failed with the error, or succeeded when
    /// the error is null (a delete on a device that no longer exists).
    /// </summary>
    private async ValueTask SettleAsync(List<(OutstandingOperation Entry, string? Error)> unsent)
    {
        foreach (var (entry, error) in unsent)
        {
            if (_ledger.Settle(entry, error) is { } finished)
            {
                await _ledger.FinishAsync(finished).ConfigureAwait(false);
            }
        }
    }
}
