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
/// Delivers journal entries to journaled mechanism drivers (networking-odl's journal thread plus its maintenance).
/// Each pass releases stale locks and purges old completed entries, then, per driver, reads the unfinished entries in
/// sequence order and delivers every eligible one: claim (compare-and-set, own transaction), deliver (outside any
/// transaction), record the outcome (own transaction). Failures are retried with exponential backoff and jitter until
/// the maximum attempts, then marked failed. Several workers (processes) may share one store: the claim makes each
/// delivery happen once. The timer loop starts with the plugin (the generic host's start, <c>StartMl2Async</c> or the first
/// plugin call) and stops with <see cref="StopAsync"/> (the host's stop, <c>StopMl2Async</c>) or the container's disposal.
/// </summary>
/// <remarks>
/// An entry is eligible when it is pending, due, and no earlier unfinished entry of the same driver (a) is about the
/// same resource, (b) is about a resource the entry depends on, or (c) depends on the entry's resource. (a) keeps a
/// resource's changes in order, (b) delivers a port after its network and subnets, (c) delivers a network's delete
/// after the deletes of its ports and subnets. Only the first <see cref="JournalOptions.BatchSize"/> unfinished
/// entries of a driver are considered per round.
/// </remarks>
internal sealed partial class JournalWorker : IJournal, IAsyncDisposable, IDisposable
{
    /// <summary>The <c>ml2.operation</c> under which journal re-deliveries are counted in <c>ml2.retries</c>.</summary>
    internal const string JournalRetryOperation = "journal_delivery";

    private readonly IMl2Store _store;
    private readonly IReadOnlyList<IJournaledMechanismDriver> _drivers;
    private readonly Dictionary<string, SemaphoreSlim> _gates;
    private readonly JournalOptions _options;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly ILogger<JournalWorker> _logger;
    private readonly Ml2Metrics _metrics;
    private readonly PeriodicWork _loop;

    public JournalWorker(
        IMl2Store store, MechanismManager mechanisms, IOptions<Ml2Options> options, TimeProvider time, IRandomSource random, ILogger<JournalWorker> logger, string workerId, Ml2Metrics? metrics = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        _store = store;
        _drivers = mechanisms.JournaledDrivers;
        _gates = _drivers.ToDictionary(d => d.Name, _ => new SemaphoreSlim(1, 1), StringComparer.Ordinal);
        _options = options.Value.Journal;
        _time = time;
        _random = random;
        _logger = logger;
        _metrics = metrics ?? new Ml2Metrics();
        WorkerId = workerId;
        _loop = new PeriodicWork(time, _options.PollInterval, TickAsync, ex => Log.PassFailed(_logger, WorkerId, ex));
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

        Log.WorkerStarted(_logger, WorkerId, _drivers.Count, _options.PollInterval);
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
            Log.WorkerStopped(_logger, WorkerId);
        }
    }

    public ValueTask<JournalPassResult> RunOnceAsync(CancellationToken cancellationToken = default) =>
        RunPassAsync(static () => false, cancellationToken);

    public async ValueTask RequestResyncAsync(string driverName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(driverName);
        var driver = _drivers.FirstOrDefault(d => string.Equals(d.Name, driverName, StringComparison.Ordinal))
            ?? throw new ArgumentException($"'{driverName}' is not a journaled mechanism driver. Journaled: {string.Join(", ", _drivers.Select(d => d.Name))}.", nameof(driverName));
        var gate = _gates[driver.Name];
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

            Log.ResyncStarted(_logger, driver.Name, context.Networks.Count, context.Subnets.Count, context.Ports.Count);
            try
            {
                await driver.ResyncAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.ResyncFailed(_logger, driver.Name, ex);
                throw;
            }

            Log.ResyncCompleted(_logger, driver.Name);
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

    /// <summary>The delay before attempt <paramref name="attempts"/> + 1: base x 2^(attempts-1), capped, minus a random jitter of up to half.</summary>
    internal TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = Math.Min(_options.RetryMaxDelay.Ticks, (double)_options.RetryBaseDelay.Ticks * (1L << exponent));
        var delay = (long)ticks;
        return TimeSpan.FromTicks(delay - _random.NextInt64((delay / 2) + 1));
    }

    /// <summary>The entries that may be claimed now (see the class remarks), in sequence order.</summary>
    internal static List<JournalEntry> Eligible(IReadOnlyList<JournalEntry> unfinished, DateTimeOffset now)
    {
        var eligible = new List<JournalEntry>();
        var earlierResources = new HashSet<string>(StringComparer.Ordinal);
        var earlierDependencies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in unfinished)
        {
            var blocked = earlierResources.Contains(entry.ResourceId)
                || earlierDependencies.Contains(entry.ResourceId)
                || entry.DependsOn.Any(earlierResources.Contains);
            if (!blocked && entry.State == JournalEntryState.Pending && entry.NextAttemptAt <= now)
            {
                eligible.Add(entry);
            }

            earlierResources.Add(entry.ResourceId);
            earlierDependencies.UnionWith(entry.DependsOn);
        }

        return eligible;
    }

    /// <summary>One timer pass: stops delivering new entries as soon as a stop is asked for.</summary>
    private async ValueTask TickAsync(CancellationToken cancellationToken)
    {
        // A timer pass is a root: the timer may carry the context of the operation that started the worker.
        Activity.Current = null;
        await RunPassAsync(() => _loop.StopRequested, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<JournalPassResult> RunPassAsync(Func<bool> stopRequested, CancellationToken cancellationToken)
    {
        var (released, purged) = await MaintainAsync(cancellationToken).ConfigureAwait(false);
        var counts = new PassCounts();
        foreach (var driver in _drivers)
        {
            if (stopRequested())
            {
                break;
            }

            await DeliverDriverAsync(driver, counts, stopRequested, cancellationToken).ConfigureAwait(false);
        }

        return new JournalPassResult(counts.Delivered, counts.Retried, counts.Failed, counts.ClaimsLost, released, purged);
    }

    private async ValueTask<(int Released, int Purged)> MaintainAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        int released, purged;
        var transaction = await _store.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            released = await transaction.Journal.ReleaseStaleAsync(now - _options.LockTimeout, cancellationToken).ConfigureAwait(false);
            purged = await transaction.Journal.PurgeCompletedAsync(now - _options.Retention, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (released > 0)
        {
            Log.StaleLocksReleased(_logger, released, _options.LockTimeout);
        }

        if (purged > 0)
        {
            Log.Purged(_logger, purged, _options.Retention);
        }

        return (released, purged);
    }

    private async ValueTask DeliverDriverAsync(IJournaledMechanismDriver driver, PassCounts counts, Func<bool> stopRequested, CancellationToken cancellationToken)
    {
        var gate = _gates[driver.Name];
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                IReadOnlyList<JournalEntry> unfinished;
                var transaction = await _store.BeginReadOnlyTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    unfinished = await transaction.Journal.ListUnfinishedAsync(driver.Name, _options.BatchSize, cancellationToken).ConfigureAwait(false);
                }

                var progressed = false;
                foreach (var entry in Eligible(unfinished, _time.GetUtcNow()))
                {
                    if (stopRequested())
                    {
                        // A graceful stop: the entries not yet claimed stay pending for the next worker.
                        return;
                    }

                    switch (await DeliverOneAsync(driver, entry, cancellationToken).ConfigureAwait(false))
                    {
                        case Outcome.Delivered:
                            counts.Delivered++;
                            progressed = true;
                            break;
                        case Outcome.Failed:
                            counts.Failed++;
                            progressed = true;
                            break;
                        case Outcome.Retried:
                            counts.Retried++;
                            break;
                        default:
                            counts.ClaimsLost++;
                            break;
                    }
                }

                // Delivered or failed entries may have unblocked later ones; otherwise wait for the next pass.
                if (!progressed)
                {
                    return;
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async ValueTask<Outcome> DeliverOneAsync(IJournaledMechanismDriver driver, JournalEntry entry, CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(entry.Sequence, cancellationToken).ConfigureAwait(false);
        if (claimed is null)
        {
            return Outcome.ClaimLost;
        }

        using var activity = StartDelivery(driver, claimed);
        var start = Stopwatch.GetTimestamp();
        try
        {
            await driver.DeliverAsync(claimed, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            Ml2Tracing.Fail(activity, ex);
            await RecordAsync(claimed, (j, s, w) => j.RetryLaterAsync(s, w, "Delivery cancelled: the worker stopped.", _time.GetUtcNow(), CancellationToken.None)).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            Ml2Tracing.Fail(activity, ex);
            var error = Describe(ex);
            if (claimed.Attempts >= _options.MaxAttempts)
            {
                await RecordAsync(claimed, (j, s, w) => j.FailAsync(s, w, error, _time.GetUtcNow(), CancellationToken.None)).ConfigureAwait(false);
                Log.EntryFailed(_logger, claimed.Sequence, claimed.Operation, claimed.ResourceType, claimed.ResourceId, driver.Name, claimed.Attempts, ex);
                _metrics.JournalDelivery(driver.Name, "failed", start, ex);
                activity?.SetTag(Ml2Attributes.JournalOutcome, "failed");
                return Outcome.Failed;
            }

            // The re-delivery is scheduled in the store (next_attempt_at, exponential backoff with jitter), not awaited.
            var next = _time.GetUtcNow() + Backoff(claimed.Attempts);
            await RecordAsync(claimed, (j, s, w) => j.RetryLaterAsync(s, w, error, next, CancellationToken.None)).ConfigureAwait(false);
            Log.DeliveryRetried(_logger, claimed.Sequence, claimed.Operation, claimed.ResourceType, claimed.ResourceId, driver.Name, claimed.Attempts, _options.MaxAttempts, next, ex);
            _metrics.JournalDelivery(driver.Name, "retried", start, ex);
            _metrics.Retried(JournalRetryOperation, ex);
            activity?.SetTag(Ml2Attributes.JournalOutcome, "retried");
            return Outcome.Retried;
        }

        await RecordAsync(claimed, (j, s, w) => j.CompleteAsync(s, w, _time.GetUtcNow(), CancellationToken.None)).ConfigureAwait(false);
        Log.EntryDelivered(_logger, claimed.Sequence, claimed.Operation, claimed.ResourceType, claimed.ResourceId, driver.Name, claimed.Attempts);
        _metrics.JournalDelivery(driver.Name, "delivered", start, null);
        if (activity is not null)
        {
            activity.SetTag(Ml2Attributes.JournalOutcome, "delivered");
            activity.SetStatus(ActivityStatusCode.Ok);
        }

        return Outcome.Delivered;
    }

    /// <summary>
    /// The span of one delivery, or null when nobody listens: a root span on the worker's timer (which does not carry
    /// the context of the operation that started it), a child of the caller's span under <see cref="RunOnceAsync"/>.
    /// </summary>
    private static Activity? StartDelivery(IJournaledMechanismDriver driver, JournalEntry entry)
    {
        if (!Ml2Tracing.Source.HasListeners() || Ml2Tracing.Source.StartActivity(Ml2Tracing.JournalDeliverySpan) is not { } activity)
        {
            return null;
        }

        activity.SetTag(Ml2Attributes.Driver, driver.Name);
        activity.SetTag(Ml2Attributes.JournalSequence, entry.Sequence);
        activity.SetTag(Ml2Attributes.JournalOperation, entry.Operation.ToString());
        activity.SetTag(Ml2Attributes.JournalResourceType, entry.ResourceType.ToString());
        activity.SetTag(Ml2Attributes.JournalAttempt, entry.Attempts);
        return activity;
    }

    /// <summary>Claims an entry in a transaction of its own; returns it as claimed, or null when another worker was first.</summary>
    private async ValueTask<JournalEntry?> ClaimAsync(long sequence, CancellationToken cancellationToken)
    {
        var transaction = await _store.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (!await transaction.Journal.TryClaimAsync(sequence, WorkerId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var claimed = await transaction.Journal.FindAsync(sequence, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return claimed;
        }
    }

    /// <summary>Records a delivery outcome in a transaction of its own (not cancellable: the outcome must not be lost).</summary>
    private async ValueTask RecordAsync(JournalEntry claimed, Func<IJournalRepository, long, string, ValueTask<bool>> change)
    {
        var transaction = await _store.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (!await change(transaction.Journal, claimed.Sequence, WorkerId).ConfigureAwait(false))
            {
                Log.LockLost(_logger, WorkerId, claimed.Sequence);
                return;
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string Describe(Exception exception)
    {
        var text = $"{exception.GetType().FullName}: {exception.Message}";
        return text.Length <= 2000 ? text : text[..2000];
    }

    private enum Outcome
    {
        Delivered,
        Retried,
        Failed,
        ClaimLost,
    }

    private sealed class PassCounts
    {
        public int Delivered { get; set; }

        public int Retried { get; set; }

        public int Failed { get; set; }

        public int ClaimsLost { get; set; }
    }
}
