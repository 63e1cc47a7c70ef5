namespace Ml2.Core.Tests.Pools;

/// <summary>A random source whose draws are chosen by the test (e.g. "always the last one").</summary>
internal sealed class ScriptedRandom(Func<long, long> pick) : IRandomSource
{
    public int Next(int maxExclusive) => (int)NextInt64(maxExclusive);

    public long NextInt64(long maxExclusive) => pick(maxExclusive);
}
