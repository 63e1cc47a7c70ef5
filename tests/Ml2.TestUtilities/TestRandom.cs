namespace Ml2.TestUtilities;

/// <summary>A seeded, thread-safe random source for deterministic tests.</summary>
public sealed class TestRandom(int seed = 42) : IRandomSource
{
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();

    public int Next(int maxExclusive)
    {
        lock (_lock)
        {
            return _random.Next(maxExclusive);
        }
    }

    public long NextInt64(long maxExclusive)
    {
        lock (_lock)
        {
            return _random.NextInt64(maxExclusive);
        }
    }
}
