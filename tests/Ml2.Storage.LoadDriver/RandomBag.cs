namespace Ml2.Storage.LoadDriver;

/// <summary>A thread-safe set of items keyed by id with O(1) add, remove by id and take-at-random.</summary>
internal sealed class RandomBag<T>
{
    private readonly Lock _gate = new();
    private readonly List<(string Id, T Item)> _items = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public void Add(string id, T item)
    {
        lock (_gate)
        {
            if (_index.TryAdd(id, _items.Count))
            {
                _items.Add((id, item));
            }
        }
    }

    public bool Remove(string id)
    {
        lock (_gate)
        {
            return RemoveLocked(id);
        }
    }

    /// <summary>Removes and returns a random item matching <paramref name="predicate"/> (a few tries), or default.</summary>
    public (string Id, T Item)? TakeRandom(Random random, Func<T, bool>? predicate = null)
    {
        lock (_gate)
        {
            for (var attempt = 0; attempt < 8 && _items.Count > 0; attempt++)
            {
                var entry = _items[random.Next(_items.Count)];
                if (predicate is null || predicate(entry.Item))
                {
                    RemoveLocked(entry.Id);
                    return entry;
                }
            }

            return null;
        }
    }

    /// <summary>Returns a random item matching <paramref name="predicate"/> (a few tries) without removing it, or default.</summary>
    public (string Id, T Item)? PeekRandom(Random random, Func<T, bool>? predicate = null)
    {
        lock (_gate)
        {
            for (var attempt = 0; attempt < 8 && _items.Count > 0; attempt++)
            {
                var entry = _items[random.Next(_items.Count)];
                if (predicate is null || predicate(entry.Item))
                {
                    return entry;
                }
            }

            return null;
        }
    }

    private bool RemoveLocked(string id)
    {
        if (!_index.Remove(id, out var position))
        {
            return false;
        }

        var last = _items.Count - 1;
        if (position != last)
        {
            _items[position] = _items[last];
            _index[_items[position].Id] = position;
        }

        _items.RemoveAt(last);
        return true;
    }
}
