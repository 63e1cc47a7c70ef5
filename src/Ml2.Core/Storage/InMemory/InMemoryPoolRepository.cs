using Ml2.Pools;

namespace Ml2.Storage.InMemory;

/// <summary>
/// Id pools of an in-memory transaction. The write lock the transaction holds makes it the only writer, so it changes
/// the shared pools in place and keeps an undo log that rollback replays in reverse.
/// </summary>
internal sealed class InMemoryPoolRepository(Dictionary<string, IdPool> pools, CommittedPoolView committedView, IRandomSource random, InMemoryTransaction transaction)
    : IIdPoolRepository
{
    private List<UndoEntry>? _undo;

    public ValueTask ConfigurePoolAsync(string pool, IReadOnlyList<IdRange> ranges, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(ranges);
        transaction.ThrowIfReadOnly();
        lock (pools)
        {
            var previous = pools.GetValueOrDefault(pool);
            committedView.RememberPool(pool, previous);
            pools[pool] = previous is null ? new IdPool(ranges) : previous.Reshape(ranges);
            AddUndo(new UndoEntry(pool, previous, 0, UndoKind.RestorePool));
        }

        return default;
    }

    public ValueTask<long?> AllocateRandomAsync(string pool, CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfReadOnly();
        lock (pools)
        {
            if (!pools.TryGetValue(pool, out var idPool) || !idPool.TryAllocateRandom(random, out var id))
            {
                return ValueTask.FromResult<long?>(null);
            }

            committedView.RememberId(pool, id, false);
            AddUndo(new UndoEntry(pool, idPool, id, UndoKind.Release));
            return ValueTask.FromResult<long?>(id);
        }
    }

    public ValueTask<bool> TryReserveAsync(string pool, long id, CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfReadOnly();
        lock (pools)
        {
            if (!pools.TryGetValue(pool, out var idPool))
            {
                committedView.RememberPool(pool, null);
                idPool = new IdPool([]);
                pools[pool] = idPool;
                AddUndo(new UndoEntry(pool, null, 0, UndoKind.RestorePool));
            }

            if (!idPool.TryReserve(id))
            {
                return ValueTask.FromResult(false);
            }

            committedView.RememberId(pool, id, false);
            AddUndo(new UndoEntry(pool, idPool, id, UndoKind.Release));
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> ReleaseAsync(string pool, long id, CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfReadOnly();
        lock (pools)
        {
            if (!pools.TryGetValue(pool, out var idPool) || !idPool.Release(id))
            {
                return ValueTask.FromResult(false);
            }

            committedView.RememberId(pool, id, true);
            AddUndo(new UndoEntry(pool, idPool, id, UndoKind.Reserve));
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<bool> IsAllocatedAsync(string pool, long id, CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfCompleted();
        lock (pools)
        {
            return ValueTask.FromResult(transaction.IsReadOnly
                ? committedView.IsAllocated(pools, pool, id)
                : pools.TryGetValue(pool, out var idPool) && idPool.IsAllocated(id));
        }
    }

    public ValueTask<IdPoolUsage?> GetUsageAsync(string pool, CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfCompleted();
        lock (pools)
        {
            if (transaction.IsReadOnly)
            {
                return ValueTask.FromResult(committedView.Usage(pools, pool));
            }

            return ValueTask.FromResult(pools.TryGetValue(pool, out var p)
                ? new IdPoolUsage(p.Capacity, p.AllocatedInRanges, p.AllocatedOutsideRanges)
                : null);
        }
    }

    public ValueTask<IReadOnlyList<string>> ListPoolsAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        transaction.ThrowIfCompleted();
        lock (pools)
        {
            IEnumerable<string> names = transaction.IsReadOnly ? committedView.Names(pools) : pools.Keys;
            IReadOnlyList<string> result = [.. names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
            return ValueTask.FromResult(result);
        }
    }

    public ValueTask DeletePoolAsync(string pool, CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfReadOnly();
        lock (pools)
        {
            if (pools.Remove(pool, out var previous))
            {
                committedView.RememberPool(pool, previous);
                AddUndo(new UndoEntry(pool, previous, 0, UndoKind.RestorePool));
            }
        }

        return default;
    }

    /// <summary>Undoes every change of this transaction, newest first.</summary>
    internal void Rollback()
    {
        if (_undo is null)
        {
            return;
        }

        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            var entry = _undo[i];
            switch (entry.Kind)
            {
                case UndoKind.Release:
                    entry.Target!.Release(entry.Id);
                    break;
                case UndoKind.Reserve:
                    entry.Target!.TryReserve(entry.Id);
                    break;
                default:
                    Restore(entry.Pool, entry.Target);
                    break;
            }
        }

        _undo = null;
    }

    private void Restore(string pool, IdPool? previous)
    {
        if (previous is null)
        {
            pools.Remove(pool);
        }
        else
        {
            pools[pool] = previous;
        }
    }

    private void AddUndo(UndoEntry undo) => (_undo ??= []).Add(undo);

    private enum UndoKind
    {
        Release,
        Reserve,
        RestorePool,
    }

    /// <summary>One change to undo: release or re-reserve an id in <see cref="Target"/>, or put a pool object back (null = remove).</summary>
    private readonly record struct UndoEntry(string Pool, IdPool? Target, long Id, UndoKind Kind);
}
