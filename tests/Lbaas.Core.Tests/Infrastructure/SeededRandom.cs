using Ml2;

namespace Lbaas.Core.Tests.Infrastructure;

/// <summary>A seeded, thread-safe random source so every run picks the same addresses and tie-breaks.</summary>
public sealed class SeededRandom(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();

    public int Next(int maxExclusive)
    {
        lock (_gate)
        {
            return _random.Next(maxExclusive);
        }
    }

    public long NextInt64(long maxExclusive)
    {
        lock (_gate)
        {
            return _random.NextInt64(maxExclusive);
        }
    }
}
