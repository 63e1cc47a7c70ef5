namespace Ml2;

/// <summary>
/// The source of randomness for every random choice the SDK makes (free segment ids, addresses, MACs, tie-breaks).
/// Register your own (seeded) implementation to make runs reproducible. Implementations must be thread-safe.
/// </summary>
public interface IRandomSource
{
    /// <summary>Returns a uniformly distributed integer in [0, <paramref name="maxExclusive"/>).</summary>
    /// <param name="maxExclusive">The exclusive upper bound; positive.</param>
    /// <returns>The number.</returns>
    int Next(int maxExclusive);

    /// <summary>Returns a uniformly distributed integer in [0, <paramref name="maxExclusive"/>).</summary>
    /// <param name="maxExclusive">The exclusive upper bound; positive.</param>
    /// <returns>The number.</returns>
    long NextInt64(long maxExclusive);
}
