using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Diagnostics;
using Ml2.Hosting;
using Ml2.Managers;
using Ml2.Storage;

namespace Ml2.Journal;

/// <summary>
/// The journal worker behind <see cref="IJournal"/>: runs the <see cref="JournalDelivery"/> pass on a
/// <see cref="PeriodicWork"/> timer (or once, on demand), re-syncs a driver, and lists entries. The timer loop starts with
/// the plugin (the generic host's start, <c>StartMl2Async</c> or the first plugin call) and stops with
/// <see cref="StopAsync"/> (the host's stop, <c>StopMl2Async</c>) or the container's disposal. Which entries are
/// delivered when is <see cref="JournalSchedule"/>'s rule.
/// </summary>
internal sealed class JournalWorker : IJournal, IAsyncDisposable, IDisposable
{
    private readonly IMl2Store _store;
    private readonly IReadOnlyList<IJournaledMechanismDriver> _drivers;
    private readonly JournalOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<JournalWorker> _logger;
    private readonly JournalDelivery _delivery;
    private readonly PeriodicWork _loop;

    public JournalWorker(
        IMl2Store store, MechanismManager mechanisms, IOptions<Ml2Options> options, TimeProvider time, IRandomSource random, ILogger<JournalWorker> logger, string workerId, Ml2Metrics? metrics = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        _store = store;
        _drivers = mechanisms.JournaledDrivers;
        _options = options.Value.Journal;
        _time = time;
        _logger = logger;
        WorkerId = workerId;
        _delivery = new JournalDelivery(store, _drivers, _options, time, random, logger, metrics ?? new Ml2Metrics(), workerId);
        _loop = new PeriodicWork(time, _options.PollInterval, TickAsync, ex => JournalLog.PassFailed(_logger, WorkerId, ex));
    }

    public string WorkerId { get; }

    /// <summary>A worker id unique to this process instance: host name, process id and a random suffix.</summary>
    public static string NewWorkerId() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Starts the timer loop (once), unless the worker is disabled, no driver is journaled, or it was stopped.</summary>
    public void Start()
    {
        if (!_options.RunWorker || _drivers.Count == 0 || !_loop.Start())
        {
            return;
        }

        JournalLog.WorkerStarted(_logger, WorkerId, _drivers.Count, _options.PollInterval);
    }

    /// <summary>
    /// Stops the timer loop for good. A pass in progress delivers no further entry; the delivery in progress finishes
    /// and its outcome is recorded. When <paramref name="cancellationToken"/> is cancelled first, that delivery is
    /// cancelled and its entry handed back: pending again, its lock released, due at once for any worker.
    /// </summary>
    /// <param name="cancellationToken">Forces the stop (the host's shutdown timeout).</param>
    /// <returns>A task that completes when no pass runs.</returns>
    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        var wasRunning = _loop.IsRunning;
        await _loop.StopAsync(cancellationToken).ConfigureAwait(false);
        if (wasRunning)
        {
            JournalLog.WorkerStopped(_logger, WorkerId);
        }
    }

    public ValueTask<JournalPassResult> RunOnceAsync(CancellationToken cancellationToken = default) =>
        _delivery.RunPassAsync(static () => false, cancellationToken);

    public async ValueTask RequestResyncAsync(string driverName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(driverName);
        var driver = _drivers.FirstOrDefault(d => string.Equals(d.Name, driverName, StringComparison.Ordinal))
            ?? throw new ArgumentException($"'{driverName}' is not a journaled mechanism driver. Journaled: {string.Join(", ", _drivers.Select(d => d.Name))}.", nameof(driverName));
        var gate = _delivery.DriverGate(driver.Name);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            JournalResyncContext context;
            var transaction = await _store.BeginReadOnlyTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var networks = await transaction.Networks.ListAsync(cancellationToken).ConfigureAwait(false);
                var subnets = await transaction.Subnets.ListAsync(cancellationToken).ConfigureAwait(false);
                var ports = await transaction.Ports.ListAsync(cancellationToken).ConfigureAwait(false);
                context = new JournalResyncContext(
                    driver.Name,
                    [.. networks.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id, StringComparer.Ordinal)],
                    [.. subnets.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)],
                    [.. ports.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id, StringComparer.Ordinal)],
                    _time.GetUtcNow());
            }

            JournalLog.ResyncStarted(_logger, driver.Name, context.Networks.Count, context.Subnets.Count, context.Ports.Count);
            try
            {
                await driver.ResyncAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                JournalLog.ResyncFailed(_logger, driver.Name, ex);
                throw;
            }

            JournalLog.ResyncCompleted(_logger, driver.Name);
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask<IReadOnlyList<JournalEntry>> ListAsync(JournalEntryState? state = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var transaction = await _store.BeginReadOnlyTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            return await transaction.Journal.ListAsync(state, limit, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the timer, cancels a running pass and waits for it (its entry goes back to pending).</summary>
    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    /// <summary>Stops the timer and cancels a running pass without waiting for it.</summary>
    public void Dispose() => _loop.Dispose();

    /// <summary>One timer pass: stops delivering new entries as soon as a stop is asked for.</summary>
    private async ValueTask TickAsync(CancellationToken cancellationToken)
    {
        // A timer pass is a root: the timer may carry the context of the operation that started the worker.
        Activity.Current = null;
        await _delivery.RunPassAsync(() => _loop.StopRequested, cancellationToken).ConfigureAwait(false);
    }
}
