using System.Collections.Concurrent;

namespace Ml2.Storage.InMemory;

/// <summary>
/// The committed rows of one resource type, readable without locks, with optional secondary indexes (the group: a
/// network id; the lookup: a port's MAC address). Only the committing writer (which holds the store's write lock)
/// mutates it.
/// </summary>
internal sealed class InMemoryTable<T>(Func<T, string> idOf, Func<T, long> revisionOf, Func<T, string>? groupOf, Func<T, string>? lookupOf = null)
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _rows = new(StringComparer.Ordinal);

    public Func<T, string> IdOf { get; } = idOf;

    public Func<T, long> RevisionOf { get; } = revisionOf;

    /// <summary>The rows by network, when the table has a network column.</summary>
    public InMemoryIndex<T>? Group { get; } = groupOf is null ? null : new InMemoryIndex<T>(groupOf);

    /// <summary>The rows by a second key (ports: the MAC address), when the table has one.</summary>
    public InMemoryLookupIndex<T>? Lookup { get; } = lookupOf is null ? null : new InMemoryLookupIndex<T>(lookupOf);

    public int Count => _rows.Count;

    public T? Find(string id) => _rows.TryGetValue(id, out var row) ? row : null;

    public IReadOnlyList<T> All() => [.. _rows.Values];

    /// <summary>Applies one committed change: a new or changed row, or a removal (<paramref name="row"/> null).</summary>
    public void Apply(string id, T? row)
    {
        var previous = Find(id);
        if (row is null)
        {
            if (previous is null)
            {
                return;
            }

            _rows.TryRemove(id, out _);
        }
        else
        {
            _rows[id] = row;
        }

        Group?.Apply(id, previous, row);
        Lookup?.Apply(id, previous, row);
    }
}
