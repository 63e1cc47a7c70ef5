using Ml2.Storage;

namespace Ml2.Pools;

/// <summary>
/// Lays normalised id ranges end to end on a dense ordinal space <c>0..Capacity-1</c> and maps ids to ordinals and back
/// (one binary search over the ranges each way).
/// </summary>
/// <remarks>A readonly struct held in a readonly field of <see cref="IdPool"/>: no allocation and no indirection of its own.</remarks>
internal readonly struct RangeOrdinalMap
{
    // Normalised ranges and the ordinal of each range's first id.
    private readonly IdRange[] _ranges;
    private readonly long[] _ordinalStarts;

    /// <summary>Maps normalised ranges (ascending, disjoint, non-adjacent).</summary>
    /// <param name="ranges">The normalised ranges; kept, not copied.</param>
    /// <param name="maxCapacity">The largest number of ids the ranges may hold.</param>
    /// <param name="paramName">The argument name reported when the ranges hold too many ids.</param>
    /// <exception cref="ArgumentException">The ranges hold more than <paramref name="maxCapacity"/> ids.</exception>
    public RangeOrdinalMap(IdRange[] ranges, long maxCapacity, string paramName)
    {
        _ranges = ranges;
        _ordinalStarts = new long[ranges.Length];
        long capacity = 0;
        for (var i = 0; i < ranges.Length; i++)
        {
            _ordinalStarts[i] = capacity;
            var span = unchecked((ulong)(ranges[i].Last - ranges[i].First));
            if (span >= (ulong)(maxCapacity - capacity))
            {
                throw new ArgumentException($"The ranges hold more than {maxCapacity} ids.", paramName);
            }

            capacity += (long)span + 1;
        }

        Capacity = capacity;
    }

    /// <summary>The number of ids in the ranges.</summary>
    public long Capacity { get; }

    /// <summary>The normalised ranges (the array this map was built over; never changed).</summary>
    public IdRange[] Ranges => _ranges;

    /// <summary>The ordinal of an id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="ordinal">Its ordinal, or -1 outside the ranges.</param>
    /// <returns>True when the id lies in a range.</returns>
    public bool TryGetOrdinal(long id, out long ordinal)
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

    /// <summary>The id of an ordinal.</summary>
    /// <param name="ordinal">An ordinal below <see cref="Capacity"/>.</param>
    /// <returns>The id.</returns>
    public long ToId(long ordinal)
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

    /// <summary>The id of an ordinal, for ordinals visited in ascending order: no search, a forward walk from a hint.</summary>
    /// <param name="ordinal">An ordinal below <see cref="Capacity"/>, not below the previous one given with this hint.</param>
    /// <param name="range">The range hint: start at 0; it is advanced to the ordinal's range.</param>
    /// <returns>The id.</returns>
    public long ToIdAscending(long ordinal, ref int range)
    {
        while (range + 1 < _ranges.Length && _ordinalStarts[range + 1] <= ordinal)
        {
            range++;
        }

        return _ranges[range].First + (ordinal - _ordinalStarts[range]);
    }
}
