namespace Ml2.Storage.TestKit;

/// <summary>
/// A seeded, thread-safe <see cref="IRandomSource"/>: the same seed gives the same sequence, so a test's random choices
/// (pool ids, MACs, backoff jitter) repeat run after run. The conformance hosts use one per host.
/// </summary>
/// <param name="seed">The seed.</param>
public class SeededRandomSource(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();

    /// <inheritdoc />
    public int Next(int maxExclusive)
    {
        lock (_lock)
        {
            return _random.Next(maxExclusive);
        }
    }

    /// <inheritdoc />
    public long NextInt64(long maxExclusive)
    {
        lock (_lock)
        {
            return _random.NextInt64(maxExclusive);
        }
    }
}
