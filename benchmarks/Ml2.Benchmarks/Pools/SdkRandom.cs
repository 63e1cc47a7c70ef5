using Microsoft.Extensions.DependencyInjection;

namespace Ml2.Benchmarks.Pools;

/// <summary>The SDK's default <see cref="IRandomSource"/> (<c>Random.Shared</c>), as <c>AddMl2()</c> registers it.</summary>
internal static class SdkRandom
{
    public static IRandomSource Shared { get; } = new ServiceCollection().AddMl2().Services.BuildServiceProvider().GetRequiredService<IRandomSource>();
}
