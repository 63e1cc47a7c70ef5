using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Ml2.Configuration;
using Ml2.Diagnostics;
using Ml2.Storage;

namespace Ml2.Journal;

/// <summary>
/// One delivery pass of the journal (networking-odl's journal thread plus its maintenance): release stale locks and
/// purge old completed entries, then, per driver, read the unfinished entries in sequence order and deliver every one
/// <see cref="JournalSchedule.Eligible"/> lets through: claim (compare-and-set, own transaction), deliver (outside any
/// transaction), record the outcome (own transaction). Failures are retried after <see cref="JournalSchedule.Backoff"/>
/// until the attempts are exhausted, then marked failed. Several workers (processes) may share one store: the claim
/// makes each delivery happen once. Only the first <see cref="JournalOptions.BatchSize"/> unfinished entries of a
/// driver are considered per round.
/// </summary>
internal sealed class JournalDelivery
{
    /// <summary>The <c>ml2.operation</c> under which journal re-deliveries are counted in <c>ml2.retries</c>.</summary>
    internal const string JournalRetryOperation = "journal_delivery";

    private readonly IMl2Store _store;
    private readonly IReadOnlyList<IJournaledMechanismDriver> _drivers;
    private readonly Dictionary<string, SemaphoreSlim> _gates;
    private readonly JournalOptions _options;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly ILogger _logger;
    private readonly Ml2Metrics _metrics;
    private readonly string _workerId;

    /// <summary>Creates the delivery pass of one worker.</summary>
    /// <param name="store">The store holding the journal.</param>
    /// <param name="drivers">The journaled drivers, in delivery order.</param>
    /// <param name="options">The journal options.</param>
    /// <param name="time">The clock.</param>
    /// <param name="random">The source of the backoff jitter.</param>
    /// <param name="logger">The worker's logger.</param>
    /// <param name="metrics">The metrics.</param>
    /// <param name="workerId">The worker id claims are made under.</param>
    public JournalDelivery(
        IMl2Store store, IReadOnlyList<IJournaledMechanismDriver> drivers, JournalOptions options, TimeProvider time, IRandomSource random, ILogger logger, Ml2Metrics metrics, string workerId)
    {
        _store = store;
        _drivers = drivers;
        _gates = drivers.ToDictionary(d => d.Name, _ => new SemaphoreSlim(1, 1), StringComparer.Ordinal);
        _options = options;
        _time = time;
        _random = random;
        _logger = logger;
        _metrics = metrics;
        _workerId = workerId;
    }

    /// <summary>The lock of one driver: its deliveries and its re-sync never overlap within this worker.</summary>
    /// <param name="driverName">A journaled driver's name.</param>
    /// <returns>The driver's lock.</returns>
    public SemaphoreSlim DriverGate(string driverName) => _gates[driverName];

    /// <summary>One pass over every driver; delivers no further entry once <paramref name="stopRequested"/> turns true.</summary>
    /// <param name="stopRequested">Polled before each driver and each entry.</param>
    /// <param name="cancellationToken">Cancels the pass; a delivery in progress is handed back (pending, lock released).</param>
    /// <returns>What the pass did.</returns>
    public async ValueTask<JournalPassResult> RunPassAsync(Func<bool> stopRequested, CancellationToken cancellationToken)
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
            JournalLog.StaleLocksReleased(_logger, released, _options.LockTimeout);
        }

        if (purged > 0)
        {
            JournalLog.Purged(_logger, purged, _options.Retention);
        }

        return (released, purged);
    }

    private async ValueTask DeliverDriverAsync(IJournaledMechanismDriver driver, PassCounts counts, Func<bool> stopRequested, CancellationToken cancellationToken)
    {
        var gate = DriverGate(driver.Name);
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
                foreach (var entry in JournalSchedule.Eligible(unfinished, _time.GetUtcNow()))
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
            if (JournalSchedule.AttemptsExhausted(claimed.Attempts, _options))
            {
                await RecordAsync(claimed, (j, s, w) => j.FailAsync(s, w, error, _time.GetUtcNow(), CancellationToken.None)).ConfigureAwait(false);
                JournalLog.EntryFailed(_logger, claimed.Sequence, claimed.Operation, claimed.ResourceType, claimed.ResourceId, driver.Name, claimed.Attempts, ex);
                _metrics.JournalDelivery(driver.Name, "failed", start, ex);
                activity?.SetTag(Ml2Attributes.JournalOutcome, "failed");
                return Outcome.Failed;
            }

            // The re-delivery is scheduled in the store (next_attempt_at, exponential backoff with jitter), not awaited.
            var next = _time.GetUtcNow() + JournalSchedule.Backoff(claimed.Attempts, _options, _random);
            await RecordAsync(claimed, (j, s, w) => j.RetryLaterAsync(s, w, error, next, CancellationToken.None)).ConfigureAwait(false);
            JournalLog.DeliveryRetried(_logger, claimed.Sequence, claimed.Operation, claimed.ResourceType, claimed.ResourceId, driver.Name, claimed.Attempts, _options.MaxAttempts, next, ex);
            _metrics.JournalDelivery(driver.Name, "retried", start, ex);
            _metrics.Retried(JournalRetryOperation, ex);
            activity?.SetTag(Ml2Attributes.JournalOutcome, "retried");
            return Outcome.Retried;
        }

        await RecordAsync(claimed, (j, s, w) => j.CompleteAsync(s, w, _time.GetUtcNow(), CancellationToken.None)).ConfigureAwait(false);
        JournalLog.EntryDelivered(_logger, claimed.Sequence, claimed.Operation, claimed.ResourceType, claimed.ResourceId, driver.Name, claimed.Attempts);
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
    /// the context of the operation that started it), a child of the caller's span under <see cref="IJournal.RunOnceAsync"/>.
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
            if (!await transaction.Journal.TryClaimAsync(sequence, _workerId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
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
            if (!await change(transaction.Journal, claimed.Sequence, _workerId).ConfigureAwait(false))
            {
                JournalLog.LockLost(_logger, _workerId, claimed.Sequence);
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
