using Ml2;

namespace Lbaas.Core.Tests.Placement.Support;

/// <summary>A seeded, thread-safe random source for deterministic tests (a copy of Ml2.Core.Tests' TestRandom).</summary>
public sealed class SeededRandom(int seed = 42) : IRandomSource
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
