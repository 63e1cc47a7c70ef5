using System.Collections.ObjectModel;
using System.Numerics;
using Ml2.Storage;

namespace Ml2.Pools;

/// <summary>
/// An in-memory pool of <see cref="long"/> ids: the configured ranges plus the ids in use - never one entry per free id.
/// </summary>
/// <remarks>
/// <para>
/// The normalised ranges are laid end to end on a dense ordinal space <c>0..Capacity-1</c>, cut into chunks of
/// <see cref="ChunkSize"/> ordinals. A chunk gets a bitmap (64 words, in a shared slab) only when one of its ids is
/// first used; a never-used chunk costs one <see cref="int"/> slot reference and one Fenwick tree entry
/// (12 bytes per 4,096 ids of capacity). A Fenwick (binary indexed) tree over the per-chunk in-use counts gives each
/// chunk's free count as its capacity minus its in-use count, so the k-th free ordinal is found by one
/// O(log chunks) descent plus a popcount scan of one chunk's 64 words. Ids in use outside the ranges (reserved
/// explicitly, or left behind by a shrunk range) live in a small overflow set.
/// </para>
/// <para>
/// Bitmaps are kept once allocated (until <see cref="Reshape"/>), so allocate/release cycles do not allocate.
/// Not thread-safe: callers serialise writers.
/// </para>
/// </remarks>
internal sealed class IdPool
{
    /// <summary>Ordinals per chunk.</summary>
    public const int ChunkSize = 1 << ChunkShift;

    /// <summary>The largest capacity a pool accepts: 2^30 chunks (2^42 ids), so the chunk arrays fit in .NET arrays.</summary>
    public const long MaxCapacity = (1L << 30) * ChunkSize;

    private const int ChunkShift = 12;
    private const int WordsPerChunk = ChunkSize / 64;
    private const int WordShift = 6;

    // Normalised ranges and the ordinal of each range's first id.
    private readonly IdRange[] _ranges;
    private readonly long[] _ordinalStarts;
    private readonly ReadOnlyCollection<IdRange> _rangesView;

    private readonly int _chunkCount;

    // The first step of the Fenwick descent: half the tree size.
    private readonly int _topStep;

    // Fenwick tree (1-based) over per-chunk in-use counts, padded to a power of two of chunks so the descent needs
    // no bounds checks (padding chunks have no capacity and are never used).
    private readonly long[] _tree;

    // Per chunk: 0 when the chunk has no bitmap, otherwise its slot in the slab plus one.
    private readonly int[] _chunkSlot;

    // Slab of bitmaps, WordsPerChunk words per slot, and per-slot in-use counts.
    private ulong[] _bits;
    private int[] _slotUsed;
    private int _slotCount;

    private HashSet<long>? _overflow;

    /// <summary>Creates an empty pool over the ranges (sorted, overlapping and adjacent ranges merged).</summary>
    /// <param name="ranges">The ranges; may be empty.</param>
    /// <exception cref="ArgumentException">A range ends before it starts, or the ranges hold more than <see cref="MaxCapacity"/> ids.</exception>
    public IdPool(IReadOnlyList<IdRange> ranges)
    {
        _ranges = IdRanges.Normalize(ranges);
        _ordinalStarts = new long[_ranges.Length];
        long capacity = 0;
        for (var i = 0; i < _ranges.Length; i++)
        {
            _ordinalStarts[i] = capacity;
            var span = unchecked((ulong)(_ranges[i].Last - _ranges[i].First));
            if (span >= (ulong)(MaxCapacity - capacity))
            {
                throw new ArgumentException($"The ranges hold more than {MaxCapacity} ids.", nameof(ranges));
            }

            capacity += (long)span + 1;
        }

        _rangesView = Array.AsReadOnly(_ranges);
        Capacity = capacity;
        _chunkCount = (int)((capacity + ChunkSize - 1) >> ChunkShift);
        var treeSize = _chunkCount == 0 ? 0 : (int)BitOperations.RoundUpToPowerOf2((uint)_chunkCount);
        _topStep = treeSize >> 1;
        _tree = new long[treeSize + 1];
        _chunkSlot = new int[_chunkCount];
        _bits = [];
        _slotUsed = [];
    }

    private IdPool(IdPool source)
    {
        _ranges = source._ranges;
        _ordinalStarts = source._ordinalStarts;
        _rangesView = source._rangesView;
        Capacity = source.Capacity;
        _chunkCount = source._chunkCount;
        _topStep = source._topStep;
        _tree = (long[])source._tree.Clone();
        _chunkSlot = (int[])source._chunkSlot.Clone();
        _slotCount = source._slotCount;
        _bits = source._bits.AsSpan(0, _slotCount * WordsPerChunk).ToArray();
        _slotUsed = source._slotUsed.AsSpan(0, _slotCount).ToArray();
        _overflow = source._overflow is { Count: > 0 } overflow ? new HashSet<long>(overflow) : null;
        AllocatedInRanges = source.AllocatedInRanges;
    }

    /// <summary>The number of ids in the ranges.</summary>
    public long Capacity { get; }

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

        var ordinal = FindFreeOrdinal(rank);
        MarkInUse(ordinal, updateTree: true);
        id = OrdinalToId(ordinal);
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
        if (!TryGetOrdinal(id, out var ordinal))
        {
            return _overflow is not null && _overflow.Remove(id);
        }

        var chunk = (int)(ordinal >> ChunkShift);
        var slot = _chunkSlot[chunk] - 1;
        if (slot < 0)
        {
            return false;
        }

        ref var word = ref _bits[(slot * WordsPerChunk) + (int)((ordinal >> WordShift) & (WordsPerChunk - 1))];
        var mask = 1UL << (int)(ordinal & 63);
        if ((word & mask) == 0)
        {
            return false;
        }

        word &= ~mask;
        _slotUsed[slot]--;
        AllocatedInRanges--;
        TreeAdd(chunk, -1);
        return true;
    }

    /// <summary>Whether an id is in use (inside or outside the ranges).</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when in use.</returns>
    public bool IsAllocated(long id)
    {
        if (!TryGetOrdinal(id, out var ordinal))
        {
            return _overflow is not null && _overflow.Contains(id);
        }

        var slot = _chunkSlot[(int)(ordinal >> ChunkShift)] - 1;
        return slot >= 0
            && (_bits[(slot * WordsPerChunk) + (int)((ordinal >> WordShift) & (WordsPerChunk - 1))] & (1UL << (int)(ordinal & 63))) != 0;
    }

    /// <summary>Whether an id lies in the ranges.</summary>
    /// <param name="id">The id.</param>
    /// <returns>True when inside a range.</returns>
    public bool InRanges(long id) => TryGetOrdinal(id, out _);

    /// <summary>
    /// A new pool over <paramref name="newRanges"/> with the same ids in use: those outside the new ranges go to the
    /// overflow set, overflow ids inside the new ranges become in-range allocations. This pool is unchanged.
    /// </summary>
    /// <param name="newRanges">The new ranges.</param>
    /// <returns>The new pool.</returns>
    public IdPool Reshape(IReadOnlyList<IdRange> newRanges)
    {
        var normalized = IdRanges.Normalize(newRanges);
        if (normalized.AsSpan().SequenceEqual(_ranges))
        {
            return new IdPool(this);
        }

        var pool = new IdPool(normalized);
        pool.ReserveSlots(Math.Min(_slotCount, pool._chunkCount));
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

        pool.RebuildTree();
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
        for (var chunk = 0; chunk < _chunkCount; chunk++)
        {
            var slot = _chunkSlot[chunk] - 1;
            if (slot < 0 || _slotUsed[slot] == 0)
            {
                continue;
            }

            for (var w = 0; w < WordsPerChunk; w++)
            {
                var word = _bits[(slot * WordsPerChunk) + w];
                while (word != 0)
                {
                    var ordinal = ((long)chunk << ChunkShift) + ((long)w << WordShift) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    while (range + 1 < _ranges.Length && _ordinalStarts[range + 1] <= ordinal)
                    {
                        range++;
                    }

                    yield return _ranges[range].First + (ordinal - _ordinalStarts[range]);
                }
            }
        }
    }

    private bool TryReserve(long id, bool updateTree)
    {
        if (TryGetOrdinal(id, out var ordinal))
        {
            return MarkInUse(ordinal, updateTree);
        }

        _overflow ??= [];
        return _overflow.Add(id);
    }

    private bool MarkInUse(long ordinal, bool updateTree)
    {
        var chunk = (int)(ordinal >> ChunkShift);
        var slot = _chunkSlot[chunk] - 1;
        if (slot < 0)
        {
            slot = AttachSlot(chunk);
        }

        ref var word = ref _bits[(slot * WordsPerChunk) + (int)((ordinal >> WordShift) & (WordsPerChunk - 1))];
        var mask = 1UL << (int)(ordinal & 63);
        if ((word & mask) != 0)
        {
            return false;
        }

        word |= mask;
        _slotUsed[slot]++;
        AllocatedInRanges++;
        if (updateTree)
        {
            TreeAdd(chunk, 1);
        }

        return true;
    }

    private int AttachSlot(int chunk)
    {
        if (_slotCount == _slotUsed.Length)
        {
            var slots = Math.Max(4, _slotUsed.Length * 2);
            if ((long)slots * WordsPerChunk > Array.MaxLength)
            {
                slots = Array.MaxLength / WordsPerChunk;
                if (slots <= _slotCount)
                {
                    throw new InvalidOperationException("The id pool cannot hold more bitmaps.");
                }
            }

            ReserveSlots(slots);
        }

        var slot = _slotCount++;
        _chunkSlot[chunk] = slot + 1;
        return slot;
    }

    // Grows the bitmap slab to hold at least the given number of slots.
    private void ReserveSlots(int slots)
    {
        if (slots > _slotUsed.Length)
        {
            Array.Resize(ref _bits, slots * WordsPerChunk);
            Array.Resize(ref _slotUsed, slots);
        }
    }

    // The ordinal of the rank-th (0-based) free ordinal; rank < FreeCount.
    private long FindFreeOrdinal(long rank)
    {
        var tree = _tree;
        var capacity = Capacity;
        var position = 0;
        for (var step = _topStep; step > 0; step >>= 1)
        {
            // tree[next] covers chunks position..next-1 (padding chunks past the end have no capacity and no use).
            var next = position + step;
            var nodeCapacity = Math.Min((long)next << ChunkShift, capacity) - ((long)position << ChunkShift);
            var free = nodeCapacity - tree[next];

            // Branch-free "if (free <= rank) skip the node": the outcome is a coin flip, so a branch mispredicts.
            var skip = (free - rank - 1) >> 63;
            position += step & (int)skip;
            rank -= free & skip;
        }

        var chunkStart = (long)position << ChunkShift;
        var slot = _chunkSlot[position] - 1;
        if (slot < 0 || _slotUsed[slot] == 0)
        {
            return chunkStart + rank;
        }

        // Ordinals past Capacity in the last chunk read as free but come after every real free ordinal, so the
        // rank (smaller than the chunk's real free count) never reaches them.
        var words = _bits.AsSpan(slot * WordsPerChunk, WordsPerChunk);
        var remaining = (int)rank;
        for (var w = 0; w < words.Length; w++)
        {
            var word = words[w];
            var free = 64 - BitOperations.PopCount(word);
            if (remaining < free)
            {
                return chunkStart + ((long)w << WordShift) + BitSelect.NthClearBit(word, remaining);
            }

            remaining -= free;
        }

        throw new InvalidOperationException("Id pool index is inconsistent with its bitmaps.");
    }

    private void TreeAdd(int chunk, long delta)
    {
        var tree = _tree;
        for (var i = chunk + 1; i < tree.Length; i += i & -i)
        {
            tree[i] += delta;
        }
    }

    // Rebuilds the Fenwick tree from the per-chunk counts in O(chunks).
    private void RebuildTree()
    {
        var tree = _tree;
        Array.Clear(tree);
        for (var chunk = 0; chunk < _chunkCount; chunk++)
        {
            var slot = _chunkSlot[chunk] - 1;
            if (slot >= 0)
            {
                tree[chunk + 1] = _slotUsed[slot];
            }
        }

        for (var i = 1; i < tree.Length; i++)
        {
            var parent = i + (i & -i);
            if (parent < tree.Length)
            {
                tree[parent] += tree[i];
            }
        }
    }

    private bool TryGetOrdinal(long id, out long ordinal)
    {
        var ranges = _ranges;
        var lo = 0;
        var hi = ranges.Length - 1;

        // hi ends on the last range whose First <= id.
        while (lo <= hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (ranges[mid].First <= id)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (hi >= 0 && id <= ranges[hi].Last)
        {
            ordinal = _ordinalStarts[hi] + (id - ranges[hi].First);
            return true;
        }

        ordinal = -1;
        return false;
    }

    private long OrdinalToId(long ordinal)
    {
        var starts = _ordinalStarts;
        var lo = 0;
        var hi = starts.Length - 1;

        // hi ends on the last range whose first ordinal <= ordinal (starts[0] is 0).
        while (lo <= hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (starts[mid] <= ordinal)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return _ranges[hi].First + (ordinal - starts[hi]);
    }
}
