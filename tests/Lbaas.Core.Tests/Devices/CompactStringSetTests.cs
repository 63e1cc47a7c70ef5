using Lbaas.Devices;

namespace Lbaas.Core.Tests.Devices;

public sealed class CompactStringSetTests
{
    [Fact]
    public void With_when_random_adds_and_removes_behaves_like_a_hash_set()
    {
        var random = new Random(11);
        var model = new HashSet<string>(StringComparer.Ordinal);
        var set = CompactStringSet.Empty;
        var history = new List<(CompactStringSet Set, string[] Members)>();
        for (var step = 0; step < 3_000; step++)
        {
            string? Pick() => random.Next(5) == 0 ? null : $"net-{random.Next(60)}";
            var (add1, add2, remove1, remove2) = (Pick(), Pick(), Pick(), Pick());
            var next = set.With(add1, add2, remove1, remove2);
            foreach (var value in new[] { remove1, remove2 }.OfType<string>())
            {
                model.Remove(value);
            }

            foreach (var value in new[] { add1, add2 }.OfType<string>())
            {
                model.Add(value);
            }

            next.Should().BeEquivalentTo(model);
            next.Count.Should().Be(model.Count);
            for (var probe = 0; probe < 60; probe++)
            {
                next.Contains($"net-{probe}").Should().Be(model.Contains($"net-{probe}"));
            }

            history.Add((next, [.. model]));
            set = next;
        }

        foreach (var (old, members) in history.Where((_, i) => i % 97 == 0))
        {
            old.Should().BeEquivalentTo(members, "a published set never changes");
        }
    }

    [Fact]
    public void With_when_nothing_changes_returns_the_same_instance()
    {
        var set = CompactStringSet.Of(["a", "b"]);

        set.With("a", null, "zzz", null).Should().BeSameAs(set);
        set.With(null, null, null, null).Should().BeSameAs(set);
        set.With(null, null, "a", "b").Should().BeSameAs(CompactStringSet.Empty);
    }

    [Fact]
    public void Set_operations_when_asked_about_other_collections_answer_like_a_hash_set()
    {
        IReadOnlySet<string> set = CompactStringSet.Of(["a", "b", "c"]);

        set.Contains(null!).Should().BeFalse();
        set.IsSubsetOf(["a", "b", "c", "d"]).Should().BeTrue();
        set.IsProperSupersetOf(["a"]).Should().BeTrue();
        set.Overlaps(["x", "c"]).Should().BeTrue();
        set.SetEquals(["c", "b", "a"]).Should().BeTrue();
        set.IsProperSubsetOf(["a", "b", "c"]).Should().BeFalse();
        set.IsSupersetOf(["a", "q"]).Should().BeFalse();
    }
}
