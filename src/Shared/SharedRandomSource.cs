namespace Ml2;

/// <summary>The default <see cref="IRandomSource"/>: <see cref="Random.Shared"/> (thread-safe).</summary>
internal sealed class SharedRandomSource : IRandomSource
{
    public static SharedRandomSource Instance { get; } = new();

    public int Next(int maxExclusive) => Random.Shared.Next(maxExclusive);

    public long NextInt64(long maxExclusive) => Random.Shared.NextInt64(maxExclusive);
}
