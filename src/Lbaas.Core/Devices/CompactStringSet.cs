using System.Collections;

namespace Lbaas.Devices;

/// <summary>
/// An immutable set of strings (ordinal) for device snapshots: one array of (hash code, value) sorted by hash code,
/// plus a 128-bit Bloom filter in the set object itself. Most lookups during placement miss (a device is rarely wired
/// into the request's networks), and the filter answers those from the object's first cache line; a hit is a binary
/// search and one string comparison. Placement judges dozens of devices per request, so cache lines matter more than
/// asymptotics. A copy with an entry more or less costs one small array (a frozen set costs microseconds to build, a
/// hash set copy several times the memory).
/// </summary>
internal sealed class CompactStringSet : IReadOnlySet<string>
{
    private const int HashCacheSize = 4;

    [ThreadStatic]
    private static (string?, int)[]? t_hashes;

    [ThreadStatic]
    private static int t_nextHash;

    private readonly (int Hash, string Value)[] _entries;
    private readonly ulong _bloomLow;
    private readonly ulong _bloomHigh;

    private CompactStringSet((int Hash, string Value)[] entries)
    {
        _entries = entries;
        foreach (var (hash, _) in entries)
        {
            Mark(hash, ref _bloomLow, ref _bloomHigh);
        }
    }

    /// <summary>The empty set.</summary>
    public static CompactStringSet Empty { get; } = new([]);

    public int Count => _entries.Length;

    /// <summary>Creates a set of <paramref name="values"/> (duplicates and nulls ignored).</summary>
    public static CompactStringSet Of(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var set = Empty;
        foreach (var value in values)
        {
            set = set.With(value, null, null, null);
        }

        return set;
    }

    public bool Contains(string item)
    {
        if (item is null || _entries.Length == 0)
        {
            return false;
        }

        var hash = HashOf(item);
        ulong low = 0, high = 0;
        Mark(hash, ref low, ref high);
        return (_bloomLow & low) == low && (_bloomHigh & high) == high && IndexOf(item, hash) >= 0;
    }

    /// <summary>
    /// Reads the set object and the cache lines its binary search may visit (placement touches candidates in batches so
    /// their cache misses overlap instead of stalling each policy in turn).
    /// </summary>
    /// <returns>A value that depends on the reads, so they are not optimised away.</returns>
    public int Touch()
    {
        // Four 16-byte entries per cache line; a binary search over up to 32 entries visits any of 8 lines.
        var entries = _entries;
        var sink = (int)(_bloomLow ^ _bloomHigh);
        var stride = entries.Length <= 32 ? 4 : entries.Length >> 3;
        for (var i = 0; i < entries.Length; i += stride)
        {
            sink ^= entries[i].Hash;
        }

        return sink;
    }

    /// <summary>
    /// A copy with up to two values removed, then up to two added (nulls ignored; a value both removed and added stays);
    /// this set when nothing changes.
    /// </summary>
    public CompactStringSet With(string? add1, string? add2, string? remove1, string? remove2)
    {
        if (remove1 is not null && (string.Equals(remove1, add1, StringComparison.Ordinal) || string.Equals(remove1, add2, StringComparison.Ordinal)))
        {
            remove1 = null;
        }

        if (remove2 is not null && (string.Equals(remove2, add1, StringComparison.Ordinal) || string.Equals(remove2, add2, StringComparison.Ordinal)))
        {
            remove2 = null;
        }

        var entries = _entries;
        Span<int> removeAt = [-1, -1];
        if (remove1 is not null)
        {
            removeAt[0] = IndexOf(remove1, remove1.GetHashCode());
        }

        if (remove2 is not null && !string.Equals(remove1, remove2, StringComparison.Ordinal))
        {
            removeAt[1] = IndexOf(remove2, remove2.GetHashCode());
        }

        var add1Hash = add1?.GetHashCode() ?? 0;
        var add2Hash = add2?.GetHashCode() ?? 0;
        var addFirst = add1 is not null && IndexOf(add1, add1Hash) < 0;
        var addSecond = add2 is not null && !string.Equals(add1, add2, StringComparison.Ordinal) && IndexOf(add2, add2Hash) < 0;
        var removals = (removeAt[0] >= 0 ? 1 : 0) + (removeAt[1] >= 0 ? 1 : 0);
        var additions = (addFirst ? 1 : 0) + (addSecond ? 1 : 0);
        if (removals == 0 && additions == 0)
        {
            return this;
        }

        var length = entries.Length - removals + additions;
        if (length == 0)
        {
            return Empty;
        }

        var result = new (int Hash, string Value)[length];
        var count = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            if (i != removeAt[0] && i != removeAt[1])
            {
                result[count++] = entries[i];
            }
        }

        if (addFirst)
        {
            Insert(result, ref count, (add1Hash, add1!));
        }

        if (addSecond)
        {
            Insert(result, ref count, (add2Hash, add2!));
        }

        return new CompactStringSet(result);
    }

    public IEnumerator<string> GetEnumerator()
    {
        foreach (var (_, value) in _entries)
        {
            yield return value;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool IsProperSubsetOf(IEnumerable<string> other) => ToHashSet().IsProperSubsetOf(other);

    public bool IsProperSupersetOf(IEnumerable<string> other) => ToHashSet().IsProperSupersetOf(other);

    public bool IsSubsetOf(IEnumerable<string> other) => ToHashSet().IsSubsetOf(other);

    public bool IsSupersetOf(IEnumerable<string> other) => ToHashSet().IsSupersetOf(other);

    public bool Overlaps(IEnumerable<string> other) => ToHashSet().Overlaps(other);

    public bool SetEquals(IEnumerable<string> other) => ToHashSet().SetEquals(other);

    // Placement asks every candidate device about the same few ids (the request's networks and project): remember the
    // hash codes of the last few strings asked about, by reference, on each thread.
    private static int HashOf(string item)
    {
        var cache = t_hashes ??= new (string?, int)[HashCacheSize];
        for (var i = 0; i < cache.Length; i++)
        {
            if (ReferenceEquals(cache[i].Item1, item))
            {
                return cache[i].Item2;
            }
        }

        var hash = item.GetHashCode();
        cache[t_nextHash] = (item, hash);
        t_nextHash = (t_nextHash + 1) & (HashCacheSize - 1);
        return hash;
    }

    // Two bits of the 128-bit filter per hash code.
    private static void Mark(int hash, ref ulong low, ref ulong high)
    {
        var first = (uint)hash & 127;
        var second = ((uint)hash >> 7) & 127;
        if (first < 64)
        {
            low |= 1UL << (int)first;
        }
        else
        {
            high |= 1UL << (int)(first - 64);
        }

        if (second < 64)
        {
            low |= 1UL << (int)second;
        }
        else
        {
            high |= 1UL << (int)(second - 64);
        }
    }

    private static void Insert((int Hash, string Value)[] entries, ref int count, (int Hash, string Value) entry)
    {
        var at = count;
        while (at > 0 && entries[at - 1].Hash > entry.Hash)
        {
            entries[at] = entries[at - 1];
            at--;
        }

        entries[at] = entry;
        count++;
    }

    private int IndexOf(string item, int hash)
    {
        var entries = _entries;
        int low = 0, high = entries.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            if (entries[middle].Hash < hash)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        for (var i = low; i < entries.Length && entries[i].Hash == hash; i++)
        {
            if (string.Equals(entries[i].Value, item, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private HashSet<string> ToHashSet() => new(this, StringComparer.Ordinal);
}
