using System.Collections.Concurrent;

namespace Ml2.Storage.Relational.Repositories;

/// <summary>
/// The ranges each pool had when this store last read them, so a random allocation can usually skip reading them:
/// the allocation's insert checks that the stored ranges still equal the cached text (one statement instead of two),
/// and on any mismatch the allocator reads them again. A stale entry therefore costs a retry, never a wrong id.
/// </summary>
internal sealed class PoolRangeCache
{
    /// <summary>Pools kept at most (IP pools are one per subnet); past it the cache starts over.</summary>
    private const int MaxPools = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _pools = new(StringComparer.Ordinal);

    public bool TryGet(string pool, out Entry entry) => _pools.TryGetValue(pool, out entry!);

    public void Set(string pool, string text, IdRange[] ranges)
    {
        if (_pools.Count >= MaxPools)
        {
            _pools.Clear();
        }

        _pools[pool] = new Entry(text, ranges, PoolRanges.Capacity(ranges));
    }

    public void Forget(string pool) => _pools.TryRemove(pool, out _);

    /// <summary>A pool's ranges as stored (<paramref name="Text"/>), parsed, and their total size.</summary>
    internal sealed record Entry(string Text, IdRange[] Ranges, long Capacity);
}
