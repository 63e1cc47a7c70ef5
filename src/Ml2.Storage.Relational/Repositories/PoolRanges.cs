using System.Globalization;
using System.Text;

namespace Ml2.Storage.Relational.Repositories;

/// <summary>The text form of a pool's ranges in <c>ml2_pools.ranges</c>: <c>first:last,first:last</c>.</summary>
internal static class PoolRanges
{
    public static string Format(IReadOnlyList<IdRange> ranges)
    {
        var text = new StringBuilder();
        foreach (var range in ranges)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(CultureInfo.InvariantCulture, $"{range.First}:{range.Last}");
        }

        return text.ToString();
    }

    public static IdRange[] Parse(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var parts = text.Split(',');
        var ranges = new IdRange[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var colon = parts[i].IndexOf(':', StringComparison.Ordinal);
            ranges[i] = new IdRange(
                long.Parse(parts[i].AsSpan(0, colon), CultureInfo.InvariantCulture),
                long.Parse(parts[i].AsSpan(colon + 1), CultureInfo.InvariantCulture));
        }

        return ranges;
    }

    public static long Capacity(IdRange[] ranges)
    {
        long capacity = 0;
        foreach (var range in ranges)
        {
            capacity += range.Count;
        }

        return capacity;
    }
}
