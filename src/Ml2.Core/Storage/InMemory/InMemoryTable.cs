using System.Collections.Concurrent;

namespace Ml2.Storage.InMemory;

/// <summary>
/// The committed rows of one resource type, readable without locks, with an optional index by group (network id).
/// Only the committing writer (which holds the store's write lock) mutates it.
/// </summary>
internal sealed class InMemoryTable<T>(Func<T, string> idOf, Func<T, long> revisionOf, Func<T, string>? groupOf)
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _rows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, long>> _groups = new(StringComparer.Ordinal);
    private long _sequence;

    public Func<T, string> IdOf { get; } = idOf;

    public Func<T, long> RevisionOf { get; } = revisionOf;

    public Func<T, string>? GroupOf { get; } = groupOf;

    public int Count => _rows.Count;

    public T? Find(string id) => _rows.TryGetValue(id, out var row) ? row : null;

    public IReadOnlyList<T> All() => [.. _rows.Values];

    /// <summary>The ids of one group's committed rows, in the order they joined it (creation order).</summary>
    public IEnumerable<string> GroupIds(string group) =>
        _groups.TryGetValue(group, out var ids) ? ids.OrderBy(static e => e.Value).Select(static e => e.Key) : [];

    /// <summary>Applies one committed change: a new or changed row, or a removal (<paramref name="row"/> null).</summary>
    public void Apply(string id, T? row)
    {
        var previous = Find(id);
        if (row is null)
        {
            if (previous is not null)
            {
                _rows.TryRemove(id, out _);
                RemoveFromGroup(previous, id);
            }

            return;
        }

        _rows[id] = row;
        if (GroupOf is null)
        {
            return;
        }

        if (previous is null)
        {
            AddToGroup(GroupOf(row), id);
        }
        else if (!string.Equals(GroupOf(previous), GroupOf(row), StringComparison.Ordinal))
        {
            RemoveFromGroup(previous, id);
            AddToGroup(GroupOf(row), id);
        }
    }

    private void AddToGroup(string group, string id) =>
        _groups.GetOrAdd(group, static _ => new ConcurrentDictionary<string, long>(StringComparer.Ordinal))[id] = ++_sequence;

    private void RemoveFromGroup(T previous, string id)
    {
        if (GroupOf is not null && _groups.TryGetValue(GroupOf(previous), out var ids))
        {
            ids.TryRemove(id, out _);
        }
    }
}
