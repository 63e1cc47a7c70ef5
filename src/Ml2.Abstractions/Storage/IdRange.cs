namespace Ml2.Storage;

/// <summary>An inclusive range of ids in a pool.</summary>
/// <param name="First">The first id.</param>
/// <param name="Last">The last id (not less than <paramref name="First"/>).</param>
public readonly record struct IdRange(long First, long Last)
{
    /// <summary>The number of ids in the range.</summary>
    public long Count => Last - First + 1;

    /// <summary>Whether <paramref name="id"/> lies in the range.</summary>
    /// <param name="id">An id.</param>
    /// <returns>True when First &lt;= id &lt;= Last.</returns>
    public bool Contains(long id) => id >= First && id <= Last;

    /// <inheritdoc />
    public override string ToString() => $"{First}:{Last}";
}
