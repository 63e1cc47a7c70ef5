using Ml2;

namespace Lbaas.Core.Tests.Wiring;

/// <summary>A seeded, thread-safe random source so IP and MAC choices repeat from run to run.</summary>
public sealed class WiringTestRandom(int seed) : IRandomSource
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
