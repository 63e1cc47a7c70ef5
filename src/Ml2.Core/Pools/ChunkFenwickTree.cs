using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ml2.Pools;

/// <summary>
/// A Fenwick (binary indexed) tree over per-chunk in-use counts of a dense ordinal space cut into chunks of
/// <see cref="ChunkBitmaps.ChunkSize"/> ordinals. A chunk's free count is its capacity minus its in-use count, so the
/// chunk holding the k-th free ordinal is found by one O(log chunks) descent.
/// </summary>
/// <remarks>
/// The tree is 1-based and padded to a power of two of chunks so the descent needs no bounds checks (padding chunks
/// have no capacity and are never used). A readonly struct held in a readonly field of <see cref="IdPool"/>: no
/// allocation and no indirection of its own (the counts live in its array).
/// </remarks>
internal readonly struct ChunkFenwickTree
{
    private readonly long[] _tree;

    // The first step of the descent: half the tree size.
    private readonly int _topStep;

    /// <summary>Creates the tree of <paramref name="chunkCount"/> chunks, all unused.</summary>
    /// <param name="chunkCount">The number of chunks.</param>
    public ChunkFenwickTree(int chunkCount)
    {
        var size = chunkCount == 0 ? 0 : (int)BitOperations.RoundUpToPowerOf2((uint)chunkCount);
        _topStep = size >> 1;
        _tree = new long[size + 1];
    }

    private ChunkFenwickTree(long[] tree, int topStep)
    {
        _tree = tree;
        _topStep = topStep;
    }

    /// <summary>An independent copy.</summary>
    /// <returns>The copy.</returns>
    public ChunkFenwickTree Clone() => new((long[])_tree.Clone(), _topStep);

    /// <summary>Adds <paramref name="delta"/> to a chunk's in-use count.</summary>
    /// <param name="chunk">The chunk.</param>
    /// <param name="delta">The change.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int chunk, long delta)
    {
        var tree = _tree;
        for (var i = chunk + 1; i < tree.Length; i += i & -i)
        {
            tree[i] += delta;
        }
    }

    /// <summary>
    /// The chunk holding the <paramref name="rank"/>-th (0-based) free ordinal, and that ordinal's rank among the
    /// chunk's free ordinals.
    /// </summary>
    /// <param name="rank">The rank over the whole space; less than the free count.</param>
    /// <param name="capacity">The number of ordinals (the last chunk may be partial).</param>
    /// <returns>The chunk and the rank inside it.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (int Chunk, long Rank) FindFree(long rank, long capacity)
    {
        var tree = _tree;
        var position = 0;
        for (var step = _topStep; step > 0; step >>= 1)
        {
            // tree[next] covers chunks position..next-1 (padding chunks past the end have no capacity and no use).
            var next = position + step;
            var nodeCapacity = Math.Min((long)next << ChunkBitmaps.ChunkShift, capacity) - ((long)position << ChunkBitmaps.ChunkShift);
            var free = nodeCapacity - tree[next];

            // Branch-free "if (free <= rank) skip the node": the outcome is a coin flip, so a branch mispredicts.
            var skip = (free - rank - 1) >> 63;
            position += step & (int)skip;
            rank -= free & skip;
        }

        return (position, rank);
    }

    /// <summary>Rebuilds the tree from the bitmaps' per-chunk counts in O(chunks).</summary>
    /// <param name="chunks">The bitmaps (as many chunks as this tree).</param>
    public void Rebuild(in ChunkBitmaps chunks)
    {
        var tree = _tree;
        Array.Clear(tree);
        for (var chunk = 0; chunk < chunks.ChunkCount; chunk++)
        {
            tree[chunk + 1] = chunks.UsedIn(chunk);
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
}
