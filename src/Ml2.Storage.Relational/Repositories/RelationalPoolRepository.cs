using Ml2.Exceptions;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Relational.Repositories;

/// <summary>
/// Id pools in SQL: <c>ml2_pools</c> holds each pool's ranges, <c>ml2_pool_ids</c> one row per id in use - never a
/// row per free id. A random allocation is a bounded number of statements: try a random id (one insert); if taken,
/// find the first free id after it with one gap query per range and insert that. The primary key on (pool, id)
/// makes two concurrent allocators unable to take the same id: the loser's insert changes nothing and it tries again.
/// </summary>
internal sealed class RelationalPoolRepository(RelationalTransaction transaction, IRandomSource random, PoolRangeCache cache) : IIdPoolRepository
{
    /// <summary>How often an allocation re-tries after losing a race for the id it found, before the whole operation is retried.</summary>
    private const int MaxRaceRetries = 16;

    private const string InsertId = "INSERT INTO ml2_pool_ids (pool, id) VALUES (@pool, @id) ON CONFLICT (pool, id) DO NOTHING";

    // The fast path: insert a random id drawn from the cached ranges, only if the stored ranges are still those.
    private const string InsertIdIfRangesUnchanged =
        "INSERT INTO ml2_pool_ids (pool, id) SELECT @pool, @id WHERE EXISTS (SELECT 1 FROM ml2_pools WHERE name = @pool AND ranges = @ranges) " +
        "ON CONFLICT (pool, id) DO NOTHING";

    // The smallest free id in [lo, hi]: lo itself, or the id after the first id in use at or after lo whose successor is free.
    private const string FirstFree =
        "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM ml2_pool_ids WHERE pool = @pool AND id = @lo) THEN @lo " +
        "ELSE (SELECT MIN(a.id) + 1 FROM ml2_pool_ids a WHERE a.pool = @pool AND a.id >= @lo AND a.id < @hi " +
        "AND NOT EXISTS (SELECT 1 FROM ml2_pool_ids b WHERE b.pool = @pool AND b.id = a.id + 1)) END";

    public async ValueTask ConfigurePoolAsync(string pool, IReadOnlyList<IdRange> ranges, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(ranges);
        cache.Forget(pool);
        await transaction.WriteSession().ExecuteAsync(
            "INSERT INTO ml2_pools (name, ranges) VALUES (@pool, @ranges) ON CONFLICT (name) DO UPDATE SET ranges = excluded.ranges",
            cancellationToken,
            new SqlArg("pool", pool),
            new SqlArg("ranges", PoolRanges.Format(ranges))).ConfigureAwait(false);
    }

    public async ValueTask<long?> AllocateRandomAsync(string pool, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var session = transaction.WriteSession();
        if (cache.TryGet(pool, out var cached) && cached.Capacity > 0)
        {
            var (candidate, _) = Locate(cached.Ranges, random.NextInt64(cached.Capacity));
            if (await session.ExecuteAsync(
                    InsertIdIfRangesUnchanged,
                    cancellationToken,
                    new SqlArg("pool", pool),
                    new SqlArg("id", candidate),
                    new SqlArg("ranges", cached.Text)).ConfigureAwait(false) == 1)
            {
                return candidate;
            }
        }

        if (await ReadRangesAsync(session, pool, cancellationToken).ConfigureAwait(false) is not { } ranges)
        {
            return null;
        }

        var capacity = PoolRanges.Capacity(ranges);
        if (capacity == 0)
        {
            return null;
        }

        for (var race = 0; race < MaxRaceRetries; race++)
        {
            var (start, index) = Locate(ranges, random.NextInt64(capacity));
            if (await TryInsertAsync(session, pool, start, cancellationToken).ConfigureAwait(false))
            {
                return start;
            }

            // Walk from the random point to the end of its range, then the other ranges, then the start of its range.
            var found = false;
            for (var step = 0; step <= ranges.Length && !found; step++)
            {
                var range = ranges[(index + step) % ranges.Length];
                var (lo, hi) = step == 0 ? (start, range.Last)
                    : step == ranges.Length ? (range.First, start - 1)
                    : (range.First, range.Last);
                if (lo > hi || await FirstFreeAsync(session, pool, lo, hi, cancellationToken).ConfigureAwait(false) is not { } free)
                {
                    continue;
                }

                found = true;
                if (await TryInsertAsync(session, pool, free, cancellationToken).ConfigureAwait(false))
                {
                    return free;
                }
            }

            if (!found)
            {
                return null;
            }
        }

        throw new StoreConflictException($"pool {pool}: lost {MaxRaceRetries} races for free ids", "pool-race", null);
    }

    public async ValueTask<bool> TryReserveAsync(string pool, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var session = transaction.WriteSession();
        await session.ExecuteAsync(
            "INSERT INTO ml2_pools (name, ranges) VALUES (@pool, '') ON CONFLICT (name) DO NOTHING",
            cancellationToken,
            new SqlArg("pool", pool)).ConfigureAwait(false);
        return await TryInsertAsync(session, pool, id, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> ReleaseAsync(string pool, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return await transaction.WriteSession().ExecuteAsync(
            "DELETE FROM ml2_pool_ids WHERE pool = @pool AND id = @id",
            cancellationToken,
            new SqlArg("pool", pool),
            new SqlArg("id", id)).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> IsAllocatedAsync(string pool, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return await transaction.Session.ScalarAsync(
            "SELECT 1 FROM ml2_pool_ids WHERE pool = @pool AND id = @id",
            cancellationToken,
            new SqlArg("pool", pool),
            new SqlArg("id", id)).ConfigureAwait(false) is not null;
    }

    public async ValueTask<IdPoolUsage?> GetUsageAsync(string pool, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var session = transaction.Session;
        if (await ReadRangesAsync(session, pool, cancellationToken).ConfigureAwait(false) is not { } ranges)
        {
            return null;
        }

        var total = await session.Int64Async("SELECT COUNT(*) FROM ml2_pool_ids WHERE pool = @pool", cancellationToken, new SqlArg("pool", pool))
            .ConfigureAwait(false) ?? 0;
        long inRanges = 0;
        foreach (var range in ranges)
        {
            inRanges += await session.Int64Async(
                "SELECT COUNT(*) FROM ml2_pool_ids WHERE pool = @pool AND id >= @lo AND id <= @hi",
                cancellationToken,
                new SqlArg("pool", pool),
                new SqlArg("lo", range.First),
                new SqlArg("hi", range.Last)).ConfigureAwait(false) ?? 0;
        }

        return new IdPoolUsage(PoolRanges.Capacity(ranges), inRanges, total - inRanges);
    }

    public async ValueTask<IReadOnlyList<string>> ListPoolsAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);

        // substr/length rather than LIKE: a prefix may hold LIKE's wildcards (a physical network named "a_b").
        var names = await transaction.Session.QueryAsync(
            "SELECT name FROM ml2_pools WHERE substr(name, 1, @length) = @prefix",
            static reader => reader.GetString(0),
            cancellationToken,
            new SqlArg("length", prefix.Length),
            new SqlArg("prefix", prefix)).ConfigureAwait(false);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public async ValueTask DeletePoolAsync(string pool, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var session = transaction.WriteSession();
        cache.Forget(pool);
        await session.ExecuteAsync("DELETE FROM ml2_pool_ids WHERE pool = @pool", cancellationToken, new SqlArg("pool", pool)).ConfigureAwait(false);
        await session.ExecuteAsync("DELETE FROM ml2_pools WHERE name = @pool", cancellationToken, new SqlArg("pool", pool)).ConfigureAwait(false);
    }

    /// <summary>Reads a pool's ranges (null when the pool does not exist) and remembers them for the fast path.</summary>
    private async ValueTask<IdRange[]?> ReadRangesAsync(SqlSession session, string pool, CancellationToken cancellationToken)
    {
        if (await session.ScalarAsync("SELECT ranges FROM ml2_pools WHERE name = @pool", cancellationToken, new SqlArg("pool", pool))
                .ConfigureAwait(false) is not string text)
        {
            cache.Forget(pool);
            return null;
        }

        var ranges = PoolRanges.Parse(text);
        cache.Set(pool, text, ranges);
        return ranges;
    }

    private static async ValueTask<bool> TryInsertAsync(SqlSession session, string pool, long id, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(InsertId, cancellationToken, new SqlArg("pool", pool), new SqlArg("id", id)).ConfigureAwait(false) > 0;

    private static ValueTask<long?> FirstFreeAsync(SqlSession session, string pool, long lo, long hi, CancellationToken cancellationToken) =>
        session.Int64Async(FirstFree, cancellationToken, new SqlArg("pool", pool), new SqlArg("lo", lo), new SqlArg("hi", hi));

    /// <summary>The id at offset <paramref name="offset"/> of the concatenated ranges, and its range's index.</summary>
    private static (long Id, int Index) Locate(IdRange[] ranges, long offset)
    {
        for (var i = 0; i < ranges.Length; i++)
        {
            if (offset < ranges[i].Count)
            {
                return (ranges[i].First + offset, i);
            }

            offset -= ranges[i].Count;
        }

        throw new ArgumentOutOfRangeException(nameof(offset));
    }
}
