using Lbaas.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Hosting;

namespace Lbaas.Agents;

/// <summary>
/// Watches agents' heartbeats (Neutron's agent liveness, <c>agent_down_time</c>): every
/// <c>AgentHeartbeatInterval</c> it declares agents silent for longer than <c>AgentDeadAfter</c> dead and has the
/// dispatcher move their devices and redo their unfinished operations on live agents; an agent heard from again is
/// alive again (it gets new devices, its old ones do not move back). Then it sends operations that were waiting for a
/// live agent. The timer runs on the injected <see cref="TimeProvider"/> from start to stop; <see cref="CheckAsync"/> can
/// be called directly.
/// </summary>
internal sealed partial class AgentMonitor : IAsyncDisposable, IDisposable
{
    private readonly AgentDirectory _directory;
    private readonly AgentDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _deadAfter;
    private readonly ILogger<AgentMonitor> _logger;
    private readonly SemaphoreSlim _checking = new(1, 1);
    private readonly PeriodicWork _loop;
    private volatile bool _disposed;

    public AgentMonitor(AgentDirectory directory, AgentDispatcher dispatcher, TimeProvider time, IOptions<LbaasOptions> options, ILogger<AgentMonitor> logger)
    {
        _directory = directory;
        _dispatcher = dispatcher;
        _time = time;
        _interval = options.Value.AgentHeartbeatInterval;
        _deadAfter = options.Value.AgentDeadAfter;
        _logger = logger;
        _loop = new PeriodicWork(time, _interval, TickAsync, ex => Log.MonitorFailed(_logger, ex));
    }

    /// <summary>Starts the periodic check (once; not after a stop).</summary>
    public void Start() => _loop.Start();

    /// <summary>Stops the periodic check for good, waiting for a check in progress (cancelled when the token is).</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _loop.StopAsync(cancellationToken);

    /// <summary>Checks every agent once: dead ones are taken over, revived ones noted, parked operations sent.</summary>
    public async ValueTask CheckAsync(CancellationToken cancellationToken = default)
    {
        await _checking.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            foreach (var agent in await _directory.AllAsync(cancellationToken).ConfigureAwait(false))
            {
                var alive = agent.IsAlive(now, _deadAfter);
                if (!alive && !agent.TakenOver)
                {
                    await _dispatcher.TakeOverAsync(agent.Id, cancellationToken).ConfigureAwait(false);
                }
                else if (alive && agent.TakenOver && await _directory.SetTakenOverAsync(agent.Id, false, cancellationToken).ConfigureAwait(false))
                {
                    Log.AgentRevived(_logger, agent.Id, agent.HeartbeatAt);
                }
            }

            await _dispatcher.RetryParkedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _checking.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _loop.DisposeAsync().ConfigureAwait(false);
        _checking.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        _loop.Dispose();
        _checking.Dispose();
    }

    private async ValueTask TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CheckAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException) when (_disposed)
        {
            // The container disposed the monitor during a check.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AgentEventIds.AgentRevived, EventName = nameof(AgentRevived), Level = LogLevel.Information,
            Message = "Agent '{AgentId}' is alive again (heartbeat {HeartbeatAt}); it takes new devices, its former devices stay where they are.")]
        public static partial void AgentRevived(ILogger logger, string agentId, DateTimeOffset heartbeatAt);

        [LoggerMessage(EventId = AgentEventIds.MonitorFailed, EventName = nameof(MonitorFailed), Level = LogLevel.Error,
            Message = "The agent monitor's check failed.")]
        public static partial void MonitorFailed(ILogger logger, Exception exception);
    }
}
