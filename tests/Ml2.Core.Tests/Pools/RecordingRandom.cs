namespace Ml2.Core.Tests.Pools;

/// <summary>A seeded random source that remembers the last draw, so tests can check what a pool did with it.</summary>
internal sealed class RecordingRandom(int seed = 42) : IRandomSource
{
    private readonly Random _random = new(seed);

    public long LastMaxExclusive { get; private set; }

    public long LastValue { get; private set; }

    public int Next(int maxExclusive) => (int)NextInt64(maxExclusive);

    public long NextInt64(long maxExclusive)
    {
        LastMaxExclusive = maxExclusive;
        LastValue = _random.NextInt64(maxExclusive);
        return LastValue;
    }
}
