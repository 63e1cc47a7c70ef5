using Lbaas.Agents;
using Lbaas.Devices;

namespace Lbaas.Service;

/// <summary>
/// The moving parts of LBaaS and their lifetime. <see cref="EnsureStartedAsync"/> (the first use of the service, or an
/// explicit start) loads every device and claim from the state store into the device cache, connects the agent transport
/// (agents start and heartbeat), and starts the agent monitor's and the reaper's timers, once. <see cref="StartAsync"/>
/// (the generic host's start through the hosted service, or <c>StartLbaasAsync()</c>) does that and on-boards the
/// configured devices. <see cref="StopAsync"/> (the host's stop, or <c>StopLbaasAsync()</c>) stops the timers and the
/// agents gracefully; disposing the container stops them at once. The agents' finished jobs reach the
/// <see cref="StatusReporter"/> through the <see cref="OperationLedger"/>'s completion, subscribed here. Timers run on
/// the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class LbaasRuntime : IDisposable
{
    private readonly DeviceCacheSync _devices;
    private readonly ConfiguredDevices _configuredDevices;
    private readonly AgentDispatcher _dispatcher;
    private readonly ILbaasAgentTransport _transport;
    private readonly AgentMonitor _monitor;
    private readonly PendingReaper _reaper;
    private readonly SemaphoreSlim _starting = new(1, 1);
    private volatile bool _started;
    private volatile bool _devicesApplied;
    private volatile bool _stopped;

    /// <summary>Assembles the moving parts; the agents' finished jobs go to <paramref name="reporter"/> from now on.</summary>
    public LbaasRuntime(
        DeviceCacheSync devices,
        ConfiguredDevices configuredDevices,
        OperationLedger ledger,
        StatusReporter reporter,
        AgentDispatcher dispatcher,
        ILbaasAgentTransport transport,
        AgentMonitor monitor,
        PendingReaper reaper)
    {
        _devices = devices;
        _configuredDevices = configuredDevices;
        _dispatcher = dispatcher;
        _transport = transport;
        _monitor = monitor;
        _reaper = reaper;
        ledger.OnJobFinished(reporter.CompleteAsync);
    }

    /// <summary>Starts the moving parts once (a lazy start: the configured devices are left to <see cref="StartAsync"/>).</summary>
    public async ValueTask EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            return;
        }

        await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StartCoreAsync(reload: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>
    /// The explicit start: on-boards or updates the configured devices (once; all are checked before the first is
    /// stored), then starts the moving parts if they are not running yet.
    /// </summary>
    /// <exception cref="Ml2.Exceptions.InvalidInputException">A configured device is invalid; nothing was stored.</exception>
    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        if (_started && _devicesApplied)
        {
            return;
        }

        await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var reload = true;
            if (!_devicesApplied)
            {
                // The registry checks the configured devices against the store's current state.
                await _devices.ReloadAsync(cancellationToken).ConfigureAwait(false);
                await _configuredDevices.ApplyAsync(cancellationToken).ConfigureAwait(false);
                _devicesApplied = true;
                reload = false;
            }

            await StartCoreAsync(reload, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>
    /// Stops for good: the monitor's and the reaper's timers (a check or reap in progress finishes), then the agents
    /// (each finishes and reports the operation in progress; their heartbeats stop). When
    /// <paramref name="cancellationToken"/> is cancelled first, work in progress is cancelled instead.
    /// </summary>
    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _monitor.StopAsync(cancellationToken).ConfigureAwait(false);
        await _reaper.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_started)
        {
            await _transport.DisconnectAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _starting.Dispose();

    private async ValueTask StartCoreAsync(bool reload, CancellationToken cancellationToken)
    {
        if (_started || _stopped)
        {
            return;
        }

        if (reload)
        {
            await _devices.ReloadAsync(cancellationToken).ConfigureAwait(false);
        }

        await _dispatcher.ConnectAsync(cancellationToken).ConfigureAwait(false);
        _monitor.Start();
        _reaper.Start();
        _started = true;
    }
}
