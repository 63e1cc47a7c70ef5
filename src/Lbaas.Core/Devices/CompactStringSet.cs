using System.Collections;

namespace Lbaas.Devices;

/// <summary>
/// An immutable set of strings (ordinal) for device snapshots: one array of (hash code, value) sorted by hash code,
/// plus a 128-bit Bloom filter in the set object itself. Most lookups during placement miss (a device is rarely wired
/// into the request's networks), and the filter answers those from the object's first cache line; a hit is a binary
/// search and one string comparison. Placement judges dozens of devices per request, so cache lines matter more than
/// asymptotics. A change is kept beside the compact set it changes (up to four entries added or removed, in arrays
/// of their own) until more add up, so a claim or release costs a tiny array, not a copy of every entry.
/// </summary>
internal sealed class CompactStringSet : IReadOnlySet<string>
{
    private const int HashCacheSize = 4;

    [ThreadStatic]
    private static (string?, int)[]? t_hashes;

    [ThreadStatic]
    private static int t_nextHash;

    // The most changes (entries added or removed) a set keeps beside the compact set it changes before it is compacted.
    private const int MaxChanges = 4;

    // The compact part, sorted by hash code.
    private readonly (int Hash, string Value)[] _entries;
    // The compact set this one changes, or null when this one is compact (then _added and _removed are empty).
    private readonly CompactStringSet? _base;
    // Entries not in _entries, and entries of _entries that are not in the set (each at most MaxChanges long).
    private readonly (int Hash, string Value)[] _added;
    private readonly (int Hash, string Value)[] _removed;
    private readonly int _count;
    // Over _entries and _added (removed entries stay marked: the filter only ever says "maybe").
    private readonly ulong _bloomLow;
    private readonly ulong _bloomHigh;

    private CompactStringSet((int Hash, string Value)[] entries)
    {
        _entries = entries;
        _added = [];
        _removed = [];
        _count = entries.Length;
        foreach (var (hash, _) in entries)
        {
            Mark(hash, ref _bloomLow, ref _bloomHigh);
        }
    }

    private CompactStringSet(CompactStringSet compact, (int Hash, string Value)[] added, (int Hash, string Value)[] removed)
    {
        _base = compact;
        _entries = compact._entries;
        _added = added;
        _removed = removed;
        _count = compact._count + added.Length - removed.Length;
        _bloomLow = compact._bloomLow;
        _bloomHigh = compact._bloomHigh;
        foreach (var (hash, _) in added)
        {
            Mark(hash, ref _bloomLow, ref _bloomHigh);
        }
    }

    /// <summary>The empty set.</summary>
    public static CompactStringSet Empty { get; } = new([]);

    public int Count => _count;

    /// <summary>Creates a compact set of <paramref name="values"/> (duplicates and nulls ignored).</summary>
    public static CompactStringSet Of(IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var distinct = values.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var entries = distinct.Length == 0 ? [] : new (int Hash, string Value)[distinct.Length];
        var count = 0;
        foreach (var value in distinct)
        {
            Insert(entries, ref count, (value.GetHashCode(), value));
        }

        return count == 0 ? Empty : new CompactStringSet(entries);
    }

    public bool Contains(string item)
    {
        if (item is null || _count == 0)
        {
            return false;
        }

        var hash = HashOf(item);
        ulong low = 0, high = 0;
        Mark(hash, ref low, ref high);
        return (_bloomLow & low) == low && (_bloomHigh & high) == high && Has(item, hash);
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

        return _base is null ? sink : sink ^ _added.Length ^ _removed.Length;
    }

    /// <summary>
    /// A set with up to two values added and two removed (a value both added and removed is added); this set when
    /// nothing changes. The change is kept beside the compact set (a small array, not a copy of every entry) until
    /// more than a few changes add up; a change that undoes the others returns the compact set itself.
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

        if (add2 is not null && string.Equals(add1, add2, StringComparison.Ordinal))
        {
            add2 = null;
        }

        if (remove2 is not null && string.Equals(remove1, remove2, StringComparison.Ordinal))
        {
            remove2 = null;
        }

        // Only the changes that change something, each with its hash code.
        var a1 = Change(add1, present: false);
        var a2 = Change(add2, present: false);
        var r1 = Change(remove1, present: true);
        var r2 = Change(remove2, present: true);
        if (a1.Value is null && a2.Value is null && r1.Value is null && r2.Value is null)
        {
            return this;
        }

        // An added value of the compact part was removed before (it leaves _removed); a removed one not in the compact
        // part was added before (it leaves _added).
        var unremove = (a1.Value is not null && InCompact(a1) ? 1 : 0) + (a2.Value is not null && InCompact(a2) ? 1 : 0);
        var unadd = (r1.Value is not null && !InCompact(r1) ? 1 : 0) + (r2.Value is not null && !InCompact(r2) ? 1 : 0);
        var adds = (a1.Value is null ? 0 : 1) + (a2.Value is null ? 0 : 1);
        var removes = (r1.Value is null ? 0 : 1) + (r2.Value is null ? 0 : 1);
        var addedLength = _added.Length + (adds - unremove) - unadd;
        var removedLength = _removed.Length + (removes - unadd) - unremove;
        var compact = _base ?? this;
        if (addedLength == 0 && removedLength == 0)
        {
            return compact;
        }

        if (_count + adds - removes == 0 || addedLength + removedLength > MaxChanges)
        {
            return Compacted(a1, a2, r1, r2);
        }

        var added = addedLength == 0 ? [] : new (int Hash, string Value)[addedLength];
        var removed = removedLength == 0 ? [] : new (int Hash, string Value)[removedLength];
        int addedCount = 0, removedCount = 0;
        foreach (var entry in _added)
        {
            if (!Same(entry, r1) && !Same(entry, r2))
            {
                added[addedCount++] = entry;
            }
        }

        foreach (var entry in _removed)
        {
            if (!Same(entry, a1) && !Same(entry, a2))
            {
                removed[removedCount++] = entry;
            }
        }

        foreach (var entry in (ReadOnlySpan<(int Hash, string? Value)>)[a1, a2])
        {
            if (entry.Value is not null && !InCompact(entry))
            {
                added[addedCount++] = entry!;
            }
        }

        foreach (var entry in (ReadOnlySpan<(int Hash, string? Value)>)[r1, r2])
        {
            if (entry.Value is not null && InCompact(entry))
            {
                removed[removedCount++] = entry!;
            }
        }

        return new CompactStringSet(compact, added, removed);
    }

    public IEnumerator<string> GetEnumerator()
    {
        foreach (var (hash, value) in _entries)
        {
            if (_base is null || IndexIn(_removed, value, hash) < 0)
            {
                yield return value;
            }
        }

        foreach (var (_, value) in _added)
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

    private static int IndexIn((int Hash, string Value)[] entries, string item, int hash)
    {
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i].Hash == hash && string.Equals(entries[i].Value, item, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Same((int Hash, string Value) entry, (int Hash, string? Value) change) =>
        change.Value is not null && entry.Hash == change.Hash && string.Equals(entry.Value, change.Value, StringComparison.Ordinal);

    // Whether the set holds the value (the compact part less the removed entries, plus the added ones).
    private bool Has(string item, int hash) =>
        IndexOf(item, hash) >= 0 ? _base is null || IndexIn(_removed, item, hash) < 0 : _base is not null && IndexIn(_added, item, hash) >= 0;

    // The value with its hash code when adding (present: false) or removing (present: true) it changes the set.
    private (int Hash, string? Value) Change(string? value, bool present)
    {
        if (value is null)
        {
            return default;
        }

        var hash = value.GetHashCode();
        return Has(value, hash) == present ? (hash, value) : default;
    }

    private bool InCompact((int Hash, string? Value) change) => IndexOf(change.Value!, change.Hash) >= 0;

    // The set with the changes applied as one compact array (no changes kept beside it).
    private CompactStringSet Compacted((int Hash, string? Value) a1, (int Hash, string? Value) a2, (int Hash, string? Value) r1, (int Hash, string? Value) r2)
    {
        var length = _count + (a1.Value is null ? 0 : 1) + (a2.Value is null ? 0 : 1) - (r1.Value is null ? 0 : 1) - (r2.Value is null ? 0 : 1);
        if (length == 0)
        {
            return Empty;
        }

        var result = new (int Hash, string Value)[length];
        var count = 0;
        foreach (var entry in _entries)
        {
            if ((_base is null || IndexIn(_removed, entry.Value, entry.Hash) < 0) && !Same(entry, r1) && !Same(entry, r2))
            {
                result[count++] = entry;
            }
        }

        foreach (var entry in _added)
        {
            if (!Same(entry, r1) && !Same(entry, r2))
            {
                Insert(result, ref count, entry);
            }
        }

        foreach (var entry in (ReadOnlySpan<(int Hash, string? Value)>)[a1, a2])
        {
            if (entry.Value is not null)
            {
                Insert(result, ref count, entry!);
            }
        }

        return new CompactStringSet(result);
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
