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
    public void With_keeps_a_few_changes_beside_the_compact_set_and_returns_it_when_the_changes_cancel()
    {
        var compact = CompactStringSet.Of(["a", "b", "c", "d"]);

        var claimed = compact.With("x", "y", "a", null);
        var released = claimed.With("a", null, "x", "y");

        claimed.Should().BeEquivalentTo(["b", "c", "d", "x", "y"]);
        claimed.Count.Should().Be(5);
        claimed.Contains("a").Should().BeFalse();
        claimed.Contains("x").Should().BeTrue();
        released.Should().BeSameAs(compact, "a release that undoes the claim's changes allocates nothing");
        compact.With("a", null, null, null).Should().BeSameAs(compact);
    }

    [Fact]
    public void With_when_more_than_a_few_changes_add_up_compacts_and_stays_equal()
    {
        var set = CompactStringSet.Of(["a"]);
        var names = Enumerable.Range(0, 12).Select(i => $"n{i}").ToArray();
        foreach (var name in names)
        {
            set = set.With(name, null, null, null);
        }

        set = set.With(null, null, "a", "n3");
        set.Should().BeEquivalentTo(names.Where(n => n != "n3"));
        set.Count.Should().Be(11);
        set.With("n3", null, null, null).With(null, null, "n3", null).Should().BeEquivalentTo(set);
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
