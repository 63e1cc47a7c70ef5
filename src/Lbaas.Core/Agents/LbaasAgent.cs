using System.Diagnostics;
using System.Threading.Channels;
using Lbaas.Diagnostics;
using Lbaas.Devices;
using Microsoft.Extensions.Logging;
using Ml2.Hosting;
using Lbaas;

namespace Lbaas.Agents;

/// <summary>
/// An in-process agent (neutron-lbaas' LBaaS agent): owns a set of devices, runs the operations sent to it one at a
/// time in arrival order on a background loop, calls the provider's driver with the device (credentials included)
/// looked up from the registry, and reports each outcome and a heartbeat every interval to the plugin.
/// <see cref="StopAsync"/> stops it gracefully (the operation in progress finishes and is reported); <see cref="Stop"/>
/// stops it as if its process died.
/// </summary>
internal sealed partial class LbaasAgent : IAsyncDisposable
{
    private readonly IAgentStatusSink _sink;
    private readonly IDeviceRegistry _registry;
    private readonly IProviderCatalog _providers;
    private readonly ILogger _logger;
    private readonly LbaasMetrics _metrics;
    private readonly Channel<AgentOperation> _queue = Channel.CreateUnbounded<AgentOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicWork _heartbeat;
    private readonly Lock _gate = new();
    private readonly List<TaskCompletionSource> _idleWaiters = [];
    private Task _loop = Task.CompletedTask;
    private volatile bool _stopped;
    private volatile bool _draining;
    private int _pending;

    public LbaasAgent(string id, IAgentStatusSink sink, IDeviceRegistry registry, IProviderCatalog providers, TimeProvider time, TimeSpan heartbeatInterval, ILogger logger, LbaasMetrics? metrics = null)
    {
        _metrics = metrics ?? new LbaasMetrics();
        Id = id;
        _sink = sink;
        _registry = registry;
        _providers = providers;
        _logger = logger;
        _heartbeat = new PeriodicWork(time, heartbeatInterval, ct => _sink.HeartbeatAsync(Id, ct), OnHeartbeatFailed);
    }

    /// <summary>The agent id.</summary>
    public string Id { get; }

    /// <summary>Whether the agent runs (false once stopped).</summary>
    public bool IsRunning => !_stopped;

    /// <summary>Sends the first heartbeat, starts the heartbeat timer and the processing loop.</summary>
    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        await _sink.HeartbeatAsync(Id, cancellationToken).ConfigureAwait(false);
        _heartbeat.Start();
        _loop = Task.Run(RunAsync, CancellationToken.None);
        Log.AgentStarted(_logger, Id);
    }

    /// <summary>Queues an operation (dropped once the agent is stopped: a dead agent answers nothing).</summary>
    public void Enqueue(AgentOperation operation)
    {
        lock (_gate)
        {
            if (_stopped || _draining || !_queue.Writer.TryWrite(operation))
            {
                return;
            }

            _pending++;
        }
    }

    /// <summary>Completes when the agent has run (and reported) every operation queued so far, or is stopped.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_pending == 0 || _stopped)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _idleWaiters.Add(waiter);
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Stops the agent gracefully, as a process asked to stop would: no more heartbeats and no new operations; the
    /// operation in progress finishes and its outcome is reported, operations queued behind it are not started (they
    /// stay outstanding at the plugin). When <paramref name="cancellationToken"/> is cancelled first, the driver call in
    /// progress is cancelled as in <see cref="Stop"/>.
    /// </summary>
    /// <param name="cancellationToken">Forces the stop (the host's shutdown timeout).</param>
    /// <returns>A task that completes when the agent has stopped.</returns>
    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_stopped || _draining)
            {
                return;
            }

            _draining = true;
        }

        await _heartbeat.StopAsync(cancellationToken).ConfigureAwait(false);
        _queue.Writer.TryComplete();
        using (cancellationToken.Register(static state => ((LbaasAgent)state!).Stop(), this))
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            _pending = 0;
            SignalIdle();
        }

        Log.AgentStopped(_logger, Id);
    }

    /// <summary>
    /// Stops the agent as if its process died: no more heartbeats, queued operations are dropped, a driver call in
    /// progress is cancelled and nothing more is reported. The plugin notices the silence and moves its devices.
    /// </summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        lock (_gate)
        {
            _stopped = true;
            _pending = 0;
            SignalIdle();
        }

        _heartbeat.Dispose();
        _queue.Writer.TryComplete();
        _stop.Cancel();
        Log.AgentStopped(_logger, Id);
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await _heartbeat.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private void OnHeartbeatFailed(Exception exception)
    {
        if (!_stopped && exception is not OperationCanceledException)
        {
            Log.HeartbeatFailed(_logger, Id, exception);
        }
    }

    private async Task RunAsync()
    {
        // The loop must not run inside the span of the call that started the agent: each operation's span has the
        // sender's span as parent (AgentOperation.TraceParent), or none.
        Activity.Current = null;
        try
        {
            await foreach (var operation in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                if (_draining)
                {
                    // A graceful stop: what is queued behind the finished operation is not started.
                    break;
                }

                try
                {
                    await ExecuteAsync(operation).ConfigureAwait(false);
                }
                finally
                {
                    lock (_gate)
                    {
                        if (_pending > 0 && --_pending == 0)
                        {
                            SignalIdle();
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopped)
        {
        }
    }

    private async Task ExecuteAsync(AgentOperation operation)
    {
        var token = _stop.Token;
        try
        {
            if (!await _sink.ShouldRunAsync(Id, operation.Id, token).ConfigureAwait(false))
            {
                Log.OperationSkipped(_logger, Id, operation.Id, operation.Action, operation.ObjectType, operation.ObjectId);
                return;
            }

            Log.OperationStarted(_logger, Id, operation.Id, operation.Action, operation.ObjectType, operation.ObjectId, operation.DeviceId);
            var start = Stopwatch.GetTimestamp();
            Exception? failure;
            using (var activity = LbaasTracing.StartExecute(operation, Id))
            {
                failure = await CallDriverAsync(operation, token).ConfigureAwait(false);
                if (failure is null)
                {
                    activity?.SetStatus(ActivityStatusCode.Ok);
                }
                else
                {
                    Ml2.Diagnostics.Ml2Tracing.Fail(activity, failure);
                }
            }

            if (_stopped)
            {
                return;
            }

            _metrics.OperationExecuted(operation, start, failure);

            if (failure is null)
            {
                Log.OperationSucceeded(_logger, Id, operation.Id, operation.Action, operation.ObjectType, operation.ObjectId, operation.DeviceId);
            }
            else
            {
                Log.OperationFailed(_logger, Id, operation.Id, operation.Action, operation.ObjectType, operation.ObjectId, operation.DeviceId, operation.Provider, failure.Message);
            }

            await _sink.ReportAsync(new AgentOperationReport(operation.Id, Id, failure is null, failure?.Message), CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopped)
        {
        }
        catch (Exception ex)
        {
            Log.ReportFailed(_logger, Id, operation.Id, ex);
        }
    }

    private void SignalIdle()
    {
        foreach (var waiter in _idleWaiters)
        {
            waiter.TrySetResult();
        }

        _idleWaiters.Clear();
    }

    /// <summary>Calls the driver; returns its exception (or a lookup failure) instead of throwing.</summary>
    private async ValueTask<Exception?> CallDriverAsync(AgentOperation operation, CancellationToken cancellationToken)
    {
        var device = _registry.Find(operation.DeviceId);
        if (device is null)
        {
            // Deleting from a device that is gone succeeds (nothing is left on it); anything else fails.
            return operation.Action == AgentOperationAction.Delete
                ? null
                : new InvalidOperationException($"Device {operation.DeviceId} is not registered.");
        }

        var driver = _providers.DriverOf(operation.Provider);
        if (driver is null)
        {
            return new InvalidOperationException($"Provider '{operation.Provider}' is not configured.");
        }

        try
        {
            await DriverInvoker.InvokeAsync(driver, device, operation, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (_stopped)
        {
            throw;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
