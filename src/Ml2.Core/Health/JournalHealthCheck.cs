using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Journal;
using Ml2.Storage;

namespace Ml2.Health;

/// <summary>
/// The <c>ml2-journal</c> check: fails (the registration's failure status, Unhealthy by default) when an entry failed
/// for good; Degraded when more than <see cref="Ml2HealthCheckOptions.JournalMaxPending"/> entries are pending or the
/// oldest pending one is older than <see cref="Ml2HealthCheckOptions.JournalMaxPendingAge"/>; otherwise Healthy. Reads
/// the journal table in one read-only transaction: at most <see cref="FailedReadLimit"/> failed entries and
/// <c>journal_max_pending</c> + 1 pending ones. Entry bodies and errors are never put in the result (they may hold
/// what the drivers' controllers see); sequence, driver, operation and resource id are.
/// </summary>
internal sealed class JournalHealthCheck(IMl2Store store, TimeProvider time, IOptionsMonitor<Ml2HealthCheckOptions> options) : IHealthCheck
{
    /// <summary>The most failed entries one check reads (and counts).</summary>
    internal const int FailedReadLimit = 100;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.CurrentValue;
        IReadOnlyList<JournalEntry> failed;
        IReadOnlyList<JournalEntry> pending;
        try
        {
            var transaction = await store.BeginReadOnlyTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                failed = await transaction.Journal.ListAsync(JournalEntryState.Failed, FailedReadLimit, cancellationToken).ConfigureAwait(false);
                pending = await transaction.Journal.ListAsync(JournalEntryState.Pending, settings.JournalMaxPending + 1, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus, $"The ML2 journal could not be read: {ex.GetType().Name}: {ex.Message}", ex);
        }

        var now = time.GetUtcNow();
        var oldest = pending.Count == 0 ? null : pending.MinBy(e => e.CreatedAt);
        var oldestAge = oldest is null ? TimeSpan.Zero : Max(now - oldest.CreatedAt, TimeSpan.Zero);
        var pendingTooMany = pending.Count > settings.JournalMaxPending;
        var data = new Dictionary<string, object>
        {
            ["failed_entries"] = failed.Count,
            ["pending_entries"] = pending.Count,
            ["oldest_pending_age_seconds"] = Math.Round(oldestAge.TotalSeconds, 3),
            ["journal_max_pending"] = settings.JournalMaxPending,
            ["journal_max_pending_age_seconds"] = settings.JournalMaxPendingAge.TotalSeconds,
        };

        if (failed.Count > 0)
        {
            var listed = failed.Take(Ml2HealthChecks.MaxListedIds).Select(Describe).ToArray();
            data["failed"] = listed;
            var count = failed.Count >= FailedReadLimit ? $"At least {FailedReadLimit} journal entries have" : failed.Count == 1 ? "1 journal entry has" : $"{failed.Count} journal entries have";
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"{count} failed for good (ml2_journal:journal_max_attempts reached), so their drivers' controllers miss those changes: " +
                $"{string.Join("; ", listed)}. Fix the cause, re-sync the driver (IJournal.RequestResyncAsync), then remove the failed entries (see the operator guide, 'Health checks').",
                data: data);
        }

        var problems = new List<string>();
        if (pendingTooMany)
        {
            problems.Add($"more than {settings.JournalMaxPending} entries wait for delivery (ml2:health:journal_max_pending)");
        }

        if (oldest is not null && oldestAge > settings.JournalMaxPendingAge)
        {
            data["oldest_pending"] = Describe(oldest);
            problems.Add($"the oldest pending entry ({Describe(oldest)}) has waited {Seconds(oldestAge)}, longer than {settings.JournalMaxPendingAge} (ml2:health:journal_max_pending_age)");
        }

        if (problems.Count > 0)
        {
            return HealthCheckResult.Degraded(
                $"The ML2 journal lags behind: {string.Join("; ", problems)}. Check that the journaled drivers' controllers accept deliveries and that a worker runs (ml2:ml2_journal:journal_run_worker).",
                data: data);
        }

        return HealthCheckResult.Healthy(
            pending.Count == 0
                ? "No journal entry failed and none waits for delivery."
                : $"No journal entry failed; {pending.Count} wait for delivery, the oldest for {Seconds(oldestAge)}.",
            data);
    }

    /// <summary>An entry as an operator finds it: <c>#12 odl: Create Port 7f3c...</c> (no body, no error text).</summary>
    private static string Describe(JournalEntry entry) => $"#{entry.Sequence} {entry.Driver}: {entry.Operation} {entry.ResourceType} {entry.ResourceId}";

    private static string Seconds(TimeSpan age) => TimeSpan.FromSeconds(Math.Round(age.TotalSeconds)).ToString();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
