using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ml2.Pools;

/// <summary>
/// The in-use bits of a dense ordinal space cut into chunks of <see cref="ChunkSize"/> ordinals. A chunk gets a bitmap
/// (<see cref="WordsPerChunk"/> words in a shared slab, plus an in-use count) only when one of its ordinals is first set;
/// a never-used chunk costs one <see cref="int"/>. Bitmaps are kept once attached, so set/clear cycles do not allocate.
/// </summary>
/// <remarks>
/// A mutable struct held in a (non-readonly) field of <see cref="IdPool"/>, so its members work on the field in place:
/// no allocation and no indirection of its own. Never copy it by value; use <see cref="Clone"/>.
/// </remarks>
internal struct ChunkBitmaps
{
    /// <summary>log2 of <see cref="ChunkSize"/>.</summary>
    public const int ChunkShift = 12;

    /// <summary>Ordinals per chunk.</summary>
    public const int ChunkSize = 1 << ChunkShift;

    /// <summary>Bitmap words per chunk.</summary>
    public const int WordsPerChunk = ChunkSize / 64;

    /// <summary>log2 of the bits per word.</summary>
    public const int WordShift = 6;

    // Per chunk: 0 when the chunk has no bitmap, otherwise its slot in the slab plus one.
    private readonly int[] _chunkSlot;

    // Slab of bitmaps, WordsPerChunk words per slot, and per-slot in-use counts.
    private ulong[] _bits;
    private int[] _slotUsed;
    private int _slotCount;

    /// <summary>Creates the bitmaps of <paramref name="chunkCount"/> chunks, none attached.</summary>
    /// <param name="chunkCount">The number of chunks.</param>
    public ChunkBitmaps(int chunkCount)
    {
        _chunkSlot = new int[chunkCount];
        _bits = [];
        _slotUsed = [];
    }

    private ChunkBitmaps(int[] chunkSlot, ulong[] bits, int[] slotUsed, int slotCount)
    {
        _chunkSlot = chunkSlot;
        _bits = bits;
        _slotUsed = slotUsed;
        _slotCount = slotCount;
    }

    /// <summary>The number of chunks.</summary>
    public readonly int ChunkCount => _chunkSlot.Length;

    /// <summary>The number of chunks with a bitmap.</summary>
    public readonly int SlotCount => _slotCount;

    /// <summary>The chunk of an ordinal.</summary>
    /// <param name="ordinal">The ordinal.</param>
    /// <returns>The chunk index.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ChunkOf(long ordinal) => (int)(ordinal >> ChunkShift);

    /// <summary>An independent copy, its slab trimmed to the attached bitmaps.</summary>
    /// <returns>The copy.</returns>
    public readonly ChunkBitmaps Clone() => new(
        (int[])_chunkSlot.Clone(),
        _bits.AsSpan(0, _slotCount * WordsPerChunk).ToArray(),
        _slotUsed.AsSpan(0, _slotCount).ToArray(),
        _slotCount);

    /// <summary>The number of set ordinals in a chunk.</summary>
    /// <param name="chunk">The chunk.</param>
    /// <returns>The count (0 for a chunk without a bitmap).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int UsedIn(int chunk)
    {
        var slot = _chunkSlot[chunk] - 1;
        return slot < 0 ? 0 : _slotUsed[slot];
    }

    /// <summary>Whether an ordinal is set.</summary>
    /// <param name="ordinal">The ordinal.</param>
    /// <returns>True when set.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool IsSet(long ordinal)
    {
        var slot = _chunkSlot[ChunkOf(ordinal)] - 1;
        return slot >= 0 && (_bits[WordIndex(slot, ordinal)] & (1UL << (int)(ordinal & 63))) != 0;
    }

    /// <summary>Sets an ordinal, attaching its chunk's bitmap when it has none.</summary>
    /// <param name="ordinal">The ordinal.</param>
    /// <returns>False when it was already set.</returns>
    /// <exception cref="InvalidOperationException">The slab cannot hold another bitmap.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Set(long ordinal)
    {
        var chunk = ChunkOf(ordinal);
        var slot = _chunkSlot[chunk] - 1;
        if (slot < 0)
        {
            slot = Attach(chunk);
        }

        ref var word = ref _bits[WordIndex(slot, ordinal)];
        var mask = 1UL << (int)(ordinal & 63);
        if ((word & mask) != 0)
        {
            return false;
        }

        word |= mask;
        _slotUsed[slot]++;
        return true;
    }

    /// <summary>Clears an ordinal.</summary>
    /// <param name="ordinal">The ordinal.</param>
    /// <returns>False when it was not set.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Clear(long ordinal)
    {
        var slot = _chunkSlot[ChunkOf(ordinal)] - 1;
        if (slot < 0)
        {
            return false;
        }

        ref var word = ref _bits[WordIndex(slot, ordinal)];
        var mask = 1UL << (int)(ordinal & 63);
        if ((word & mask) == 0)
        {
            return false;
        }

        word &= ~mask;
        _slotUsed[slot]--;
        return true;
    }

    /// <summary>
    /// The <paramref name="rank"/>-th (0-based) clear ordinal of a chunk: the chunk start plus the rank for a chunk
    /// without set ordinals, else a popcount scan of its words.
    /// </summary>
    /// <param name="chunk">The chunk.</param>
    /// <param name="rank">The rank; less than the chunk's number of clear ordinals.</param>
    /// <returns>The ordinal.</returns>
    /// <exception cref="InvalidOperationException">The chunk has no clear ordinal of that rank.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly long NthClear(int chunk, long rank)
    {
        var chunkStart = (long)chunk << ChunkShift;
        var slot = _chunkSlot[chunk] - 1;
        if (slot < 0 || _slotUsed[slot] == 0)
        {
            return chunkStart + rank;
        }

        // Ordinals past the capacity in the last chunk read as clear but come after every real clear ordinal, so a
        // rank below the chunk's real clear count never reaches them.
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

    /// <summary>One word of a chunk's bitmap: bit <c>b</c> is ordinal <c>(chunk &lt;&lt; ChunkShift) + (w &lt;&lt; 6) + b</c>.</summary>
    /// <param name="chunk">A chunk whose <see cref="UsedIn"/> is not 0.</param>
    /// <param name="w">The word, 0..<see cref="WordsPerChunk"/>-1.</param>
    /// <returns>The word.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ulong Word(int chunk, int w) => _bits[((_chunkSlot[chunk] - 1) * WordsPerChunk) + w];

    /// <summary>Grows the slab to hold at least <paramref name="slots"/> bitmaps.</summary>
    /// <param name="slots">The number of bitmaps.</param>
    public void ReserveSlots(int slots)
    {
        if (slots > _slotUsed.Length)
        {
            Array.Resize(ref _bits, slots * WordsPerChunk);
            Array.Resize(ref _slotUsed, slots);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WordIndex(int slot, long ordinal) => (slot * WordsPerChunk) + (int)((ordinal >> WordShift) & (WordsPerChunk - 1));

    private int Attach(int chunk)
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
}
