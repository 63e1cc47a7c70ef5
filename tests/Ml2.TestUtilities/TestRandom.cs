namespace Ml2.TestUtilities;

/// <summary>A seeded, thread-safe random source for deterministic tests: the kit's <see cref="Ml2.Storage.TestKit.SeededRandomSource"/>, seed 42 unless told.</summary>
public sealed class TestRandom(int seed = 42) : Ml2.Storage.TestKit.SeededRandomSource(seed);
