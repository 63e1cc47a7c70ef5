using Ml2.Storage;

namespace Ml2.Pools;

/// <summary>Operations on lists of <see cref="IdRange"/>.</summary>
internal static class IdRanges
{
    /// <summary>Sorts the ranges and merges overlapping or adjacent ones.</summary>
    /// <param name="ranges">The ranges, in any order.</param>
    /// <returns>A new array of disjoint, non-adjacent ranges in ascending order.</returns>
    /// <exception cref="ArgumentException">A range has <c>Last &lt; First</c>.</exception>
    public static IdRange[] Normalize(IReadOnlyList<IdRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (ranges.Count == 0)
        {
            return [];
        }

        var sorted = new IdRange[ranges.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            var range = ranges[i];
            if (range.Last < range.First)
            {
                throw new ArgumentException($"Range {range} ends before it starts.", nameof(ranges));
            }

            sorted[i] = range;
        }

        if (sorted.Length == 1)
        {
            return sorted;
        }

        Array.Sort(sorted, static (a, b) => a.First.CompareTo(b.First));

        var count = 0;
        var current = sorted[0];
        for (var i = 1; i < sorted.Length; i++)
        {
            var next = sorted[i];
            // Overlapping or adjacent (guarding Last + 1 against overflow).
            if (current.Last == long.MaxValue || next.First <= current.Last + 1)
            {
                if (next.Last > current.Last)
                {
                    current = current with { Last = next.Last };
                }
            }
            else
            {
                sorted[count++] = current;
                current = next;
            }
        }

        sorted[count++] = current;
        return count == sorted.Length ? sorted : sorted.AsSpan(0, count).ToArray();
    }
}
