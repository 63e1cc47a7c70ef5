using System.Collections.Concurrent;

namespace Ml2.Storage.InMemory;

/// <summary>
/// A secondary index of an <see cref="InMemoryTable{T}"/> for keys that nearly every row has alone (ports by MAC
/// address): the ids under each key as a small copy-on-write array in the order they joined it, so the usual single id
/// costs one array of one element. Only the committing writer (which holds the store's write lock) mutates it.
/// </summary>
internal sealed class InMemoryLookupIndex<T>(Func<T, string> keyOf)
    where T : class
{
    private readonly ConcurrentDictionary<string, string[]> _keys = new(StringComparer.Ordinal);

    /// <summary>The key of a row.</summary>
    public Func<T, string> KeyOf { get; } = keyOf;

    /// <summary>The ids of the committed rows under a key, in the order they joined it.</summary>
    public IReadOnlyList<string> Ids(string key) => _keys.TryGetValue(key, out var ids) ? ids : [];

    /// <summary>Moves a row from its previous key (null: a new row) to its new one (null: removed).</summary>
    public void Apply(string id, T? previous, T? row)
    {
        var before = previous is null ? null : KeyOf(previous);
        var after = row is null ? null : KeyOf(row);
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return;
        }

        if (before is not null && _keys.TryGetValue(before, out var old))
        {
            var rest = Array.FindAll(old, other => !string.Equals(other, id, StringComparison.Ordinal));
            if (rest.Length == 0)
            {
                _keys.TryRemove(before, out _);
            }
            else
            {
                _keys[before] = rest;
            }
        }

        if (after is not null)
        {
            _keys[after] = _keys.TryGetValue(after, out var ids) ? [.. ids, id] : [id];
        }
    }
}
