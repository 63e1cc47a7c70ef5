using System.Collections.Concurrent;

namespace Ml2.Storage.InMemory;

/// <summary>
/// A non-unique secondary index of an <see cref="InMemoryTable{T}"/>: the ids of the committed rows under each key,
/// with the order they joined it. Only the committing writer (which holds the store's write lock) mutates it.
/// </summary>
internal sealed class InMemoryIndex<T>(Func<T, string> keyOf)
    where T : class
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, long>> _keys = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>The key of a row.</summary>
    public Func<T, string> KeyOf { get; } = keyOf;

    /// <summary>The ids of the committed rows under a key, in the order they joined it.</summary>
    public IEnumerable<string> Ids(string key) =>
        _keys.TryGetValue(key, out var ids) ? ids.OrderBy(static e => e.Value).Select(static e => e.Key) : [];

    /// <summary>Moves a row from its previous key (null: a new row) to its new one (null: removed).</summary>
    public void Apply(string id, T? previous, T? row)
    {
        var before = previous is null ? null : KeyOf(previous);
        var after = row is null ? null : KeyOf(row);
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return;
        }

        if (before is not null && _keys.TryGetValue(before, out var ids))
        {
            ids.TryRemove(id, out _);
            if (ids.IsEmpty)
            {
                _keys.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, long>>(before, ids));
            }
        }

        if (after is not null)
        {
            _keys.GetOrAdd(after, static _ => new ConcurrentDictionary<string, long>(StringComparer.Ordinal))[id] = ++_sequence;
        }
    }
}
