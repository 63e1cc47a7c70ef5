using Ml2.Exceptions;

namespace Ml2.Storage.InMemory;

/// <summary>
/// A transaction's view of one table: committed rows overlaid with this transaction's own writes, which reach the
/// table only on commit.
/// </summary>
internal class InMemoryResourceRepository<T>(InMemoryTable<T> table, InMemoryTransaction transaction, string resourceType)
    : IResourceRepository<T>
    where T : class
{
    private Dictionary<string, T?>? _writes;

    public ValueTask<T?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        transaction.ThrowIfCompleted();
        return ValueTask.FromResult(Find(id));
    }

    public ValueTask<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfCompleted();
        if (_writes is null)
        {
            return ValueTask.FromResult(table.All());
        }

        var result = new List<T>();
        foreach (var row in table.All())
        {
            if (!_writes.ContainsKey(table.IdOf(row)))
            {
                result.Add(row);
            }
        }

        foreach (var row in _writes.Values)
        {
            if (row is not null)
            {
                result.Add(row);
            }
        }

        return ValueTask.FromResult<IReadOnlyList<T>>(result);
    }

    public ValueTask AddAsync(T resource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        transaction.ThrowIfReadOnly();
        var id = table.IdOf(resource);
        if (Find(id) is not null)
        {
            throw new ConflictException($"{resourceType} {id} already exists.");
        }

        Write(id, resource);
        return default;
    }

    public ValueTask UpdateAsync(T resource, long expectedRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        transaction.ThrowIfReadOnly();
        var id = table.IdOf(resource);
        var current = Find(id);
        if (current is null || table.RevisionOf(current) != expectedRevision)
        {
            throw new ConcurrencyConflictException(resourceType, id, expectedRevision, current is null ? null : table.RevisionOf(current));
        }

        Write(id, resource);
        return default;
    }

    public ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        transaction.ThrowIfReadOnly();
        if (Find(id) is null)
        {
            return ValueTask.FromResult(false);
        }

        Write(id, null);
        return ValueTask.FromResult(true);
    }

    /// <summary>The rows of one group (network), committed and pending.</summary>
    protected IReadOnlyList<T> ListGroup(string group) => ListIndexed(table.Group!.KeyOf, table.Group.Ids(group), group);

    /// <summary>The rows with one value of the table's lookup key (ports: the MAC address), committed and pending.</summary>
    protected IReadOnlyList<T> ListLookup(string key) => ListIndexed(table.Lookup!.KeyOf, table.Lookup.Ids(key), key);

    /// <summary>Whether a row with one value of the table's lookup key, committed or pending, matches (nothing allocated).</summary>
    protected bool AnyLookup<TState>(string key, TState state, Func<T, TState, bool> match) =>
        VisitIndexed(table.Lookup!.KeyOf, table.Lookup.Ids(key), key, state, match);

    /// <summary>The rows under one key of an index, committed and pending, committed ones in the order they joined it.</summary>
    private List<T> ListIndexed(Func<T, string> keyOf, IEnumerable<string> committedIds, string key)
    {
        var result = new List<T>();
        VisitIndexed(keyOf, committedIds, key, result, static (row, list) =>
        {
            list.Add(row);
            return false;
        });
        return result;
    }

    /// <summary>
    /// Visits the rows under one key of an index, committed and pending, committed ones in the order they joined it,
    /// until <paramref name="stop"/> says so.
    /// </summary>
    /// <returns>True when <paramref name="stop"/> stopped the visit.</returns>
    private bool VisitIndexed<TState>(Func<T, string> keyOf, IEnumerable<string> committedIds, string key, TState state, Func<T, TState, bool> stop)
    {
        transaction.ThrowIfCompleted();
        foreach (var id in committedIds)
        {
            if (Find(id) is { } row && string.Equals(keyOf(row), key, StringComparison.Ordinal) && stop(row, state))
            {
                return true;
            }
        }

        if (_writes is not null)
        {
            foreach (var (id, row) in _writes)
            {
                // A pending row under the key that its committed version (if any) was not under: the loop above missed it.
                if (row is not null && string.Equals(keyOf(row), key, StringComparison.Ordinal)
                    && (table.Find(id) is not { } old || !string.Equals(keyOf(old), key, StringComparison.Ordinal))
                    && stop(row, state))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Moves this transaction's writes into the committed table.</summary>
    internal void ApplyTo()
    {
        if (_writes is null)
        {
            return;
        }

        foreach (var (id, row) in _writes)
        {
            table.Apply(id, row);
        }
    }

    private T? Find(string id) =>
        _writes is not null && _writes.TryGetValue(id, out var pending) ? pending : table.Find(id);

    private void Write(string id, T? row) => (_writes ??= new Dictionary<string, T?>(StringComparer.Ordinal))[id] = row;
}
