using Lbaas.Agents;
using Lbaas.Devices;

namespace Lbaas.Service;

/// <summary>
/// Starts the moving parts once, on first use of the service (or <c>StartLbaasAsync</c>): loads every device and claim
/// from the state store into the device cache, connects the agent transport (agents start and heartbeat), and starts the agent monitor's and the reaper's timers. No hosted service
/// is needed; the timers run on the injected <see cref="TimeProvider"/> and stop when the container is disposed.
/// </summary>
internal sealed class LbaasRuntime(DeviceCacheSync devices, AgentDispatcher dispatcher, AgentMonitor monitor, PendingReaper reaper) : IDisposable
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private volatile bool _started;

    public async ValueTask EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            return;
        }

        await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_started)
            {
                return;
            }

            await devices.ReloadAsync(cancellationToken).ConfigureAwait(false);
            await dispatcher.ConnectAsync(cancellationToken).ConfigureAwait(false);
            monitor.Start();
            reaper.Start();
            _started = true;
        }
        finally
        {
            _starting.Release();
        }
    }

    public void Dispose() => _starting.Dispose();
}
