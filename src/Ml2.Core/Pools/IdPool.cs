using System.Collections.ObjectModel;
using System.Numerics;
using Ml2.Storage;

namespace Ml2.Pools;

/// <summary>
/// An in-memory pool of <see cref="long"/> ids: the configured ranges plus the ids in use - never one entry per free id.
/// </summary>
/// <remarks>
/// <para>
/// The normalised ranges are laid end to end on a dense ordinal space <c>0..Capacity-1</c> (<see cref="RangeOrdinalMap"/>),
/// cut into chunks of <see cref="ChunkSize"/> ordinals. A chunk gets a bitmap (64 words, in a shared slab) only when one
/// of its ids is first used (<see cref="ChunkBitmaps"/>); a never-used chunk costs one <see cref="int"/> slot reference
/// and one Fenwick tree entry (12 bytes per 4,096 ids of capacity). A Fenwick (binary indexed) tree over the per-chunk
/// in-use counts (<see cref="ChunkFenwickTree"/>) gives each chunk's free count as its capacity minus its in-use count,
/// so the k-th free ordinal is found by one O(log chunks) descent plus a popcount scan of one chunk's 64 words. Ids in
/// use outside the ranges (reserved explicitly, or left behind by a shrunk range) live in a small overflow set.
/// </para>
/// <para>
/// Bitmaps are kept once allocated (until <see cref="Reshape"/>), so allocate/release cycles do not allocate.
/// Not thread-safe: callers serialise writers.
/// </para>
/// </remarks>
internal sealed class IdPool
{
    /// <summary>Ordinals per chunk.</summary>
    public const int ChunkSize = ChunkBitmaps.ChunkSize;

    /// <summary>The largest capacity a pool accepts: 2^30 chunks (2^42 ids), so the chunk arrays fit in .NET arrays.</summary>
    public const long MaxCapacity = (1L << 30) * ChunkSize;

    private readonly RangeOrdinalMap _map;
    private readonly ReadOnlyCollection<IdRange> _rangesView;
    private readonly ChunkFenwickTree _tree;

    // Mutable struct: never copied, only used in place.
    private ChunkBitmaps _chunks;

    private HashSet<long>? _overflow;

    /// <summary>Creates an empty pool over the ranges (sorted, overlapping and adjacent ranges merged).</summary>
    /// <param name="ranges">The ranges; may be empty.</param>
    /// <exception cref="ArgumentException">A range ends before it starts, or the ranges hold more than <see cref="MaxCapacity"/> ids.</exception>
    public IdPool(IReadOnlyList<IdRange> ranges)
    {
        _map = new RangeOrdinalMap(IdRanges.Normalize(ranges), MaxCapacity, nameof(ranges));
        _rangesView = Array.AsReadOnly(_map.Ranges);
        var chunkCount = (int)((Capacity + ChunkSize - 1) >> ChunkBitmaps.ChunkShift);
        _tree = new ChunkFenwickTree(chunkCount);
        _chunks = new ChunkBitmaps(chunkCount);
    }

    private IdPool(IdPool source)
    {
        _map = source._map;
        _rangesView = source._rangesView;
        _tree = source._tree.Clone();
        _chunks = source._chunks.Clone();
        _overflow = source._overflow is { Count: > 0 } overflow ? new HashSet<long>(overflow) : null;
        AllocatedInRanges = source.AllocatedInRanges;
    }

    /// <summary>The number of ids in the ranges.</summary>
    public long Capacity => _map.Capacity;

    /// <summary>Ids in the ranges that are free.</summary>
    public long FreeCount => Capacity - AllocatedInRanges;

    /// <summary>Ids in the ranges that are in use.</summary>
    public long AllocatedInRanges { get; private set; }

    /// <summary>Ids in use outside the ranges.</summary>
    public long AllocatedOutsideRanges => _overflow?.Count ?? 0;

    /// <summary>The normalised ranges: ascending, disjoint, non-adjacent.</summary>
    public IReadOnlyList<IdRange> Ranges => _rangesView;

    /// <summary>The pool's capacity and use.</summary>
    /// <returns>A snapshot of the counters.</returns>
    public IdPoolUsage GetUsage() => new(Capacity, AllocatedInRanges, AllocatedOutsideRanges);

    /// <summary>Allocates a uniformly random free id from the ranges.</summary>
    /// <param name="random">The random source.</param>
    /// <param name="id">The id allocated.</param>
    /// <returns>False when no id in the ranges is free.</returns>
    public bool TryAllocateRandom(IRandomSource random, out long id)
    {
        ArgumentNullException.ThrowIfNull(random);
        var free = FreeCount;
        if (free <= 0)
        {
            id = 0;
            return false;
        }

        var rank = random.NextInt64(free);
        if ((ulong)rank >= (ulong)free)
        {
            throw new InvalidOperationException($"The random source returned {rank}, outside [0, {free}).");
        }

        var (chunk, rankInChunk) = _tree.FindFree(rank, Capacity);
        var ordinal = _chunks.NthClear(chunk, rankInChunk);
        MarkInUse(ordinal, updateTree: true);
        id = _map.ToId(ordinal);
        return true;
    }

    /// <summary>Marks an id as in use; an id outside the ranges is kept in the overflow set.</summary>
    /// <param name="id">The id.</param>
    /// <returns>False when the id was already in use.</returns>
    public bool TryReserve(long id) => TryReserve(id, updateTree: true);

    /// <summary>Frees an id; an id outside the ranges is forgotten.</summary>
    /// <param name="id">The id.</param>
    /// <returns>False when the id was not in use.</returns>
    public bool Release(long id)
    {
        if (!_map.TryGetOrdinal(id, out var ordinal))
        {
            return _overflow is not null && _overflow.Remove(id);
        }

        if (!_chunks.Clear(ordinal))
        {
            return false;
        }

        AllocatedInRanges--;
        _tree.Add(ChunkBitmaps.ChunkOf(ordinal), -1);
        return true;
    }

    /// <summary>Whether an id is in use (inside or outside the ranges).</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when in use.</returns>
    public bool IsAllocated(long id) =>
        _map.TryGetOrdinal(id, out var ordinal) ? _chunks.IsSet(ordinal) : _overflow is not null && _overflow.Contains(id);

    /// <summary>Whether an id lies in the ranges.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when inside a range.</returns>
    public bool InRanges(long id) => _map.TryGetOrdinal(id, out _);

    /// <summary>
    /// A new pool over <paramref name="newRanges"/> with the same ids in use: those outside the new ranges go to the
    /// overflow set, overflow ids inside the new ranges become in-range allocations. This pool is unchanged.
    /// </summary>
    /// <param name="newRanges">The new ranges.</param>
    /// <returns>The new pool.</returns>
    public IdPool Reshape(IReadOnlyList<IdRange> newRanges)
    {
        var normalized = IdRanges.Normalize(newRanges);
        if (normalized.AsSpan().SequenceEqual(_map.Ranges))
        {
            return new IdPool(this);
        }

        var pool = new IdPool(normalized);
        pool._chunks.ReserveSlots(Math.Min(_chunks.SlotCount, pool._chunks.ChunkCount));
        foreach (var id in InRangeAllocatedIds())
        {
            pool.TryReserve(id, updateTree: false);
        }

        if (_overflow is not null)
        {
            foreach (var id in _overflow)
            {
                pool.TryReserve(id, updateTree: false);
            }
        }

        pool._tree.Rebuild(in pool._chunks);
        return pool;
    }

    /// <summary>An independent copy of this pool (same ranges, same ids in use).</summary>
    /// <returns>The copy.</returns>
    public IdPool Clone() => new(this);

    /// <summary>Every id in use, ascending. The pool must not change during the enumeration.</summary>
    /// <returns>The ids.</returns>
    public IEnumerable<long> AllocatedIds()
    {
        if (_overflow is not { Count: > 0 })
        {
            return InRangeAllocatedIds();
        }

        var outside = _overflow.ToArray();
        Array.Sort(outside);
        return Merge(InRangeAllocatedIds(), outside);
    }

    private static IEnumerable<long> Merge(IEnumerable<long> inside, long[] outside)
    {
        var next = 0;
        foreach (var id in inside)
        {
            while (next < outside.Length && outside[next] < id)
            {
                yield return outside[next++];
            }

            yield return id;
        }

        while (next < outside.Length)
        {
            yield return outside[next++];
        }
    }

    private IEnumerable<long> InRangeAllocatedIds()
    {
        var range = 0;
        for (var chunk = 0; chunk < _chunks.ChunkCount; chunk++)
        {
            if (_chunks.UsedIn(chunk) == 0)
            {
                continue;
            }

            for (var w = 0; w < ChunkBitmaps.WordsPerChunk; w++)
            {
                var word = _chunks.Word(chunk, w);
                while (word != 0)
                {
                    var ordinal = ((long)chunk << ChunkBitmaps.ChunkShift) + ((long)w << ChunkBitmaps.WordShift) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    yield return _map.ToIdAscending(ordinal, ref range);
                }
            }
        }
    }

    private bool TryReserve(long id, bool updateTree)
    {
        if (_map.TryGetOrdinal(id, out var ordinal))
        {
            return MarkInUse(ordinal, updateTree);
        }

        _overflow ??= [];
        return _overflow.Add(id);
    }

    private bool MarkInUse(long ordinal, bool updateTree)
    {
        if (!_chunks.Set(ordinal))
        {
            return false;
        }

        AllocatedInRanges++;
        if (updateTree)
        {
            _tree.Add(ChunkBitmaps.ChunkOf(ordinal), 1);
        }

        return true;
    }
}
