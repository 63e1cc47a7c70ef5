namespace Ml2.TestUtilities.Tests;

/// <summary>The seeded random source of the tests, the load driver and the conformance hosts.</summary>
public sealed class TestRandomTests
{
    [Fact]
    public void Next_when_two_sources_have_one_seed_gives_the_same_sequence()
    {
        var first = new TestRandom(7);
        var second = new TestRandom(7);
        var other = new TestRandom(8);

        var a = Enumerable.Range(0, 20).Select(_ => first.NextInt64(1_000_000)).ToList();
        var b = Enumerable.Range(0, 20).Select(_ => second.NextInt64(1_000_000)).ToList();
        var c = Enumerable.Range(0, 20).Select(_ => other.NextInt64(1_000_000)).ToList();

        a.Should().Equal(b);
        a.Should().NotEqual(c);
        a.Should().OnlyContain(v => v >= 0 && v < 1_000_000);
    }
}
