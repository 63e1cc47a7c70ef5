using Ml2.Journal;

namespace Ml2.Storage.InMemory;

/// <summary>
/// The journal of an in-memory transaction: its writes overlay the committed rows and reach the table only on commit.
/// A read-write transaction holds the store's write lock, so its compare-and-set checks cannot race another writer.
/// </summary>
internal sealed class InMemoryJournalRepository(InMemoryJournalTable table, InMemoryTransaction transaction) : IJournalRepository
{
    private SortedDictionary<long, JournalEntry?>? _writes;

    public ValueTask<long> AppendAsync(JournalEntryDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrEmpty(draft.Driver);
        ArgumentException.ThrowIfNullOrEmpty(draft.ResourceId);
        ArgumentNullException.ThrowIfNull(draft.Body);
        transaction.ThrowIfReadOnly();
        var sequence = table.NextSequence();
        Write(new JournalEntry
        {
            Sequence = sequence,
            Driver = draft.Driver,
            ResourceType = draft.ResourceType,
            ResourceId = draft.ResourceId,
            Operation = draft.Operation,
            DependsOn = [.. draft.DependsOn ?? []],
            Body = draft.Body,
            OriginalBody = draft.OriginalBody,
            State = JournalEntryState.Pending,
            Attempts = 0,
            CreatedAt = draft.CreatedAt,
            NextAttemptAt = draft.CreatedAt,
        });
        return ValueTask.FromResult(sequence);
    }

    public ValueTask<JournalEntry?> FindAsync(long sequence, CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfCompleted();
        return ValueTask.FromResult(Find(sequence));
    }

    public ValueTask<IReadOnlyList<JournalEntry>> ListAsync(JournalEntryState? state, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        transaction.ThrowIfCompleted();
        return ValueTask.FromResult<IReadOnlyList<JournalEntry>>(Select(e => state is null || e.State == state, limit));
    }

    public ValueTask<IReadOnlyList<JournalEntry>> ListUnfinishedAsync(string driver, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        transaction.ThrowIfCompleted();
        return ValueTask.FromResult<IReadOnlyList<JournalEntry>>(Select(e => e.IsUnfinished && string.Equals(e.Driver, driver, StringComparison.Ordinal), limit));
    }

    public ValueTask<bool> TryClaimAsync(long sequence, string workerId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        transaction.ThrowIfReadOnly();
        if (Find(sequence) is not { State: JournalEntryState.Pending } row || row.NextAttemptAt > now)
        {
            return ValueTask.FromResult(false);
        }

        Write(row with { State = JournalEntryState.Processing, LockedBy = workerId, LockedAt = now, Attempts = row.Attempts + 1 });
        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> CompleteAsync(long sequence, string workerId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ChangeIfHeld(sequence, workerId, row => row with { State = JournalEntryState.Completed, CompletedAt = now, LockedBy = null, LockedAt = null });

    public ValueTask<bool> RetryLaterAsync(long sequence, string workerId, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        return ChangeIfHeld(sequence, workerId, row => row with { State = JournalEntryState.Pending, NextAttemptAt = nextAttemptAt, LastError = error, LockedBy = null, LockedAt = null });
    }

    public ValueTask<bool> FailAsync(long sequence, string workerId, string error, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        return ChangeIfHeld(sequence, workerId, row => row with { State = JournalEntryState.Failed, LastError = error, CompletedAt = now, LockedBy = null, LockedAt = null });
    }

    public ValueTask<int> ReleaseStaleAsync(DateTimeOffset lockedBefore, CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfReadOnly();
        var stale = Select(e => e.State == JournalEntryState.Processing && e.LockedAt < lockedBefore, int.MaxValue);
        foreach (var row in stale)
        {
            Write(row with { State = JournalEntryState.Pending, LockedBy = null, LockedAt = null });
        }

        return ValueTask.FromResult(stale.Count);
    }

    public ValueTask<int> PurgeCompletedAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfReadOnly();
        var old = Select(e => e.State == JournalEntryState.Completed && e.CompletedAt < completedBefore, int.MaxValue);
        foreach (var row in old)
        {
            (_writes ??= [])[row.Sequence] = null;
        }

        return ValueTask.FromResult(old.Count);
    }

    /// <summary>Moves this transaction's writes into the committed table.</summary>
    internal void ApplyTo()
    {
        if (_writes is not null)
        {
            table.Apply(_writes);
        }
    }

    private ValueTask<bool> ChangeIfHeld(long sequence, string workerId, Func<JournalEntry, JournalEntry> change)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        transaction.ThrowIfReadOnly();
        if (Find(sequence) is not { State: JournalEntryState.Processing } row || !string.Equals(row.LockedBy, workerId, StringComparison.Ordinal))
        {
            return ValueTask.FromResult(false);
        }

        Write(change(row));
        return ValueTask.FromResult(true);
    }

    private JournalEntry? Find(long sequence) =>
        _writes is not null && _writes.TryGetValue(sequence, out var pending) ? pending : table.Find(sequence);

    private List<JournalEntry> Select(Func<JournalEntry, bool> match, int limit)
    {
        if (_writes is null)
        {
            return table.Select(match, limit);
        }

        var rows = table.Copy();
        foreach (var (sequence, row) in _writes)
        {
            if (row is null)
            {
                rows.Remove(sequence);
            }
            else
            {
                rows[sequence] = row;
            }
        }

        var result = new List<JournalEntry>();
        foreach (var row in rows.Values)
        {
            if (result.Count >= limit)
            {
                break;
            }

            if (match(row))
            {
                result.Add(row);
            }
        }

        return result;
    }

    private void Write(JournalEntry row) => (_writes ??= [])[row.Sequence] = row;
}
