namespace Ml2.Storage;

/// <summary>How full an id pool is.</summary>
/// <param name="Capacity">The number of ids in the configured ranges.</param>
/// <param name="AllocatedInRanges">Ids in use inside the ranges.</param>
/// <param name="AllocatedOutsideRanges">Ids in use outside the ranges (reserved explicitly, or left over from a shrunk range).</param>
public sealed record IdPoolUsage(long Capacity, long AllocatedInRanges, long AllocatedOutsideRanges)
{
    /// <summary>Ids still free in the ranges.</summary>
    public long Free => Capacity - AllocatedInRanges;

    /// <summary>Every id in use.</summary>
    public long Allocated => AllocatedInRanges + AllocatedOutsideRanges;
}
