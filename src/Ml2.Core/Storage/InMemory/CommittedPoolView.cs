using Ml2.Pools;

namespace Ml2.Storage.InMemory;

/// <summary>
/// What the pools looked like at the last commit, while a writer changes them in place: the committed pool object of
/// every pool the writer replaced, created or deleted, and the committed state of every id it changed. Read-only
/// transactions read through it, so they never see uncommitted allocations. Guarded by the pools' lock.
/// </summary>
internal sealed class CommittedPoolView
{
    private readonly Dictionary<string, IdPool?> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Pool, long Id), bool> _ids = [];

    /// <summary>Remembers a pool's committed object before the writer first replaces, creates or deletes it.</summary>
    public void RememberPool(string pool, IdPool? committed) => _pools.TryAdd(pool, committed);

    /// <summary>Remembers an id's committed state before the writer first changes it.</summary>
    public void RememberId(string pool, long id, bool committedAllocated) => _ids.TryAdd((pool, id), committedAllocated);

    /// <summary>Forgets the remembered state (after commit or rollback). A large writer's leftovers are trimmed so later clears stay O(1).</summary>
    public void Clear()
    {
        if (_ids.Count > 0)
        {
            var large = _ids.Count > 256;
            _ids.Clear();
            if (large)
            {
                _ids.TrimExcess();
            }
        }

        if (_pools.Count > 0)
        {
            _pools.Clear();
        }
    }

    public bool IsAllocated(Dictionary<string, IdPool> current, string pool, long id)
    {
        if (_ids.TryGetValue((pool, id), out var committed))
        {
            return committed;
        }

        return PoolOf(current, pool)?.IsAllocated(id) ?? false;
    }

    public IdPoolUsage? Usage(Dictionary<string, IdPool> current, string pool)
    {
        var p = PoolOf(current, pool);
        if (p is null)
        {
            return null;
        }

        var inRanges = p.AllocatedInRanges;
        var outside = p.AllocatedOutsideRanges;
        foreach (var ((name, id), committed) in _ids)
        {
            if (name != pool || p.IsAllocated(id) == committed)
            {
                continue;
            }

            var delta = committed ? 1 : -1;
            if (p.Ranges.Any(r => r.Contains(id)))
            {
                inRanges += delta;
            }
            else
            {
                outside += delta;
            }
        }

        return new IdPoolUsage(p.Capacity, inRanges, outside);
    }

    /// <summary>The names of the pools as committed: the current ones the writer did not create, plus those it deleted.</summary>
    public IEnumerable<string> Names(Dictionary<string, IdPool> current)
    {
        foreach (var name in current.Keys)
        {
            if (!_pools.TryGetValue(name, out var committed) || committed is not null)
            {
                yield return name;
            }
        }

        foreach (var (name, committed) in _pools)
        {
            if (committed is not null && !current.ContainsKey(name))
            {
                yield return name;
            }
        }
    }

    private IdPool? PoolOf(Dictionary<string, IdPool> current, string pool) =>
        _pools.TryGetValue(pool, out var committed) ? committed : current.GetValueOrDefault(pool);
}
