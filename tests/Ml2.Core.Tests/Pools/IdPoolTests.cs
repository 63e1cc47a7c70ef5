using FluentAssertions;
using Ml2.Pools;
using Ml2.Storage;
using Xunit;

namespace Ml2.Core.Tests.Pools;

public sealed class IdPoolTests
{
    private static readonly IdRange[] s_modelRanges = [new(1, 300), new(1000, 5000), new(9000, 9100)];

    [Fact]
    public void Constructor_when_ranges_overlap_or_are_adjacent_sorts_and_merges()
    {
        var pool = new IdPool([new(50, 60), new(1, 10), new(11, 20), new(5, 8), new(55, 70), new(100, 100)]);

        pool.Ranges.Should().Equal(new IdRange(1, 20), new IdRange(50, 70), new IdRange(100, 100));
        pool.Capacity.Should().Be(20 + 21 + 1);
        pool.FreeCount.Should().Be(pool.Capacity);
    }

    [Fact]
    public void Constructor_when_ranges_are_disjoint_capacity_is_sum_of_counts()
    {
        var pool = new IdPool(s_modelRanges);

        pool.Capacity.Should().Be(300 + 4001 + 101);
        pool.Ranges.Should().Equal(s_modelRanges);
        pool.AllocatedInRanges.Should().Be(0);
        pool.AllocatedOutsideRanges.Should().Be(0);
    }

    [Fact]
    public void Constructor_when_range_ends_before_it_starts_throws()
    {
        var act = () => new IdPool([new(10, 5)]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Constructor_when_ranges_exceed_max_capacity_throws()
    {
        var act = () => new IdPool([new(long.MinValue, long.MaxValue)]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void TryAllocateRandom_when_pool_has_no_ranges_returns_false()
    {
        var pool = new IdPool([]);

        pool.TryAllocateRandom(new TestRandom(), out _).Should().BeFalse();
        pool.Capacity.Should().Be(0);
        pool.TryReserve(7).Should().BeTrue();
        pool.AllocatedOutsideRanges.Should().Be(1);
    }

    [Fact]
    public void TryAllocateRandom_when_drained_completely_returns_every_id_once_then_false()
    {
        IdRange[] ranges = [new(1, 10), new(4090, 4200), new(8191, 8193), new(20_000, 20_000)];
        var pool = new IdPool(ranges);
        var random = new TestRandom(7);
        var seen = new HashSet<long>();

        for (var i = 0; i < pool.Capacity; i++)
        {
            pool.TryAllocateRandom(random, out var id).Should().BeTrue();
            seen.Add(id).Should().BeTrue("id {0} must not be handed out twice", id);
            ranges.Should().Contain(r => r.Contains(id));
        }

        pool.FreeCount.Should().Be(0);
        pool.AllocatedInRanges.Should().Be(pool.Capacity);
        pool.TryAllocateRandom(random, out _).Should().BeFalse();
        seen.Should().HaveCount(10 + 111 + 3 + 1);
    }

    [Fact]
    public void TryAllocateRandom_when_one_id_is_left_returns_that_id()
    {
        var pool = new IdPool([new(1, 4094)]);
        for (long id = 1; id <= 4094; id++)
        {
            if (id != 2048)
            {
                pool.TryReserve(id).Should().BeTrue();
            }
        }

        pool.TryAllocateRandom(new TestRandom(), out var last).Should().BeTrue();

        last.Should().Be(2048);
        pool.TryAllocateRandom(new TestRandom(), out _).Should().BeFalse();
    }

    [Fact]
    public void TryAllocateRandom_when_draw_is_last_rank_returns_highest_free_id()
    {
        var pool = new IdPool([new(1, 10_000)]);
        pool.TryReserve(10_000);
        pool.TryReserve(9_999);
        var last = new ScriptedRandom(max => max - 1);

        pool.TryAllocateRandom(last, out var id).Should().BeTrue();

        id.Should().Be(9_998);
    }

    [Fact]
    public void TryAllocateRandom_when_random_source_misbehaves_throws_and_allocates_nothing()
    {
        var pool = new IdPool([new(1, 10)]);
        var broken = new ScriptedRandom(max => max);

        var act = () => pool.TryAllocateRandom(broken, out _);

        act.Should().Throw<InvalidOperationException>();
        pool.AllocatedInRanges.Should().Be(0);
    }

    [Fact]
    public void TryReserve_when_id_already_in_use_returns_false()
    {
        var pool = new IdPool([new(1, 100)]);

        pool.TryReserve(42).Should().BeTrue();
        pool.TryReserve(42).Should().BeFalse();
        pool.TryReserve(500).Should().BeTrue();
        pool.TryReserve(500).Should().BeFalse();

        pool.AllocatedInRanges.Should().Be(1);
        pool.AllocatedOutsideRanges.Should().Be(1);
        pool.FreeCount.Should().Be(99);
    }

    [Fact]
    public void TryReserve_when_id_outside_ranges_keeps_it_in_overflow_without_touching_capacity()
    {
        var pool = new IdPool([new(10, 20)]);

        pool.TryReserve(9).Should().BeTrue();
        pool.TryReserve(21).Should().BeTrue();
        pool.TryReserve(-5).Should().BeTrue();

        pool.IsAllocated(9).Should().BeTrue();
        pool.IsAllocated(21).Should().BeTrue();
        pool.IsAllocated(-5).Should().BeTrue();
        pool.IsAllocated(10).Should().BeFalse();
        pool.AllocatedOutsideRanges.Should().Be(3);
        pool.FreeCount.Should().Be(11);
        pool.GetUsage().Should().Be(new IdPoolUsage(11, 0, 3));
    }

    [Fact]
    public void Release_when_id_outside_ranges_forgets_it()
    {
        var pool = new IdPool([new(1, 10)]);
        pool.TryReserve(99);

        pool.Release(99).Should().BeTrue();

        pool.IsAllocated(99).Should().BeFalse();
        pool.AllocatedOutsideRanges.Should().Be(0);
        pool.Release(99).Should().BeFalse();
        pool.FreeCount.Should().Be(10);
    }

    [Fact]
    public void Release_when_id_not_in_use_returns_false()
    {
        var pool = new IdPool([new(1, 10_000)]);
        pool.TryReserve(5);

        pool.Release(6).Should().BeFalse();
        pool.Release(9_000).Should().BeFalse();
        pool.Release(5).Should().BeTrue();
        pool.Release(5).Should().BeFalse();
        pool.FreeCount.Should().Be(10_000);
    }

    [Fact]
    public void Release_when_id_was_allocated_makes_it_allocatable_again()
    {
        var pool = new IdPool([new(1, 3)]);
        var random = new TestRandom(3);
        pool.TryAllocateRandom(random, out var a);
        pool.TryAllocateRandom(random, out var b);
        pool.TryAllocateRandom(random, out var c);

        pool.Release(b).Should().BeTrue();

        pool.TryAllocateRandom(random, out var again).Should().BeTrue();
        again.Should().Be(b);
        new[] { a, b, c }.Should().BeEquivalentTo(new long[] { 1, 2, 3 });
    }

    [Fact]
    public void Reshape_when_range_shrinks_keeps_allocations_outside_as_overflow()
    {
        var pool = new IdPool([new(1, 100)]);
        pool.TryReserve(5);
        pool.TryReserve(50);
        pool.TryReserve(90);

        var shrunk = pool.Reshape([new(1, 60)]);

        shrunk.Capacity.Should().Be(60);
        shrunk.AllocatedInRanges.Should().Be(2);
        shrunk.AllocatedOutsideRanges.Should().Be(1);
        shrunk.IsAllocated(90).Should().BeTrue();
        shrunk.FreeCount.Should().Be(58);
        shrunk.AllocatedIds().Should().Equal(5, 50, 90);

        shrunk.Release(90).Should().BeTrue();
        shrunk.IsAllocated(90).Should().BeFalse();
        shrunk.AllocatedOutsideRanges.Should().Be(0);
    }

    [Fact]
    public void Reshape_when_range_grows_moves_overflow_ids_into_ranges()
    {
        var pool = new IdPool([new(1, 10)]);
        pool.TryReserve(3);
        pool.TryReserve(15);
        pool.TryReserve(5000);

        var grown = pool.Reshape([new(1, 20), new(4000, 9000)]);

        grown.AllocatedInRanges.Should().Be(3);
        grown.AllocatedOutsideRanges.Should().Be(0);
        grown.FreeCount.Should().Be(20 + 5001 - 3);
        grown.AllocatedIds().Should().Equal(3, 15, 5000);
        grown.TryReserve(15).Should().BeFalse();
    }

    [Fact]
    public void Reshape_always_leaves_the_original_unchanged()
    {
        var pool = new IdPool([new(1, 10)]);
        pool.TryReserve(3);

        var reshaped = pool.Reshape([new(1, 10)]);
        reshaped.TryReserve(4);
        var other = pool.Reshape([new(100, 200)]);
        other.Release(3);

        pool.AllocatedIds().Should().Equal(3L);
        pool.FreeCount.Should().Be(9);
        reshaped.AllocatedIds().Should().Equal(3, 4);
    }

    [Fact]
    public void Reshape_when_mostly_full_keeps_free_counts_consistent_for_later_allocation()
    {
        var pool = new IdPool([new(1, 20_000)]);
        var random = new TestRandom(11);
        for (var i = 0; i < 15_000; i++)
        {
            pool.TryAllocateRandom(random, out _);
        }

        var reshaped = pool.Reshape([new(5_001, 30_000)]);
        var inside = pool.AllocatedIds().Count(id => id > 5_000);

        reshaped.AllocatedInRanges.Should().Be(inside);
        reshaped.AllocatedOutsideRanges.Should().Be(15_000 - inside);
        var fresh = new HashSet<long>();
        while (reshaped.TryAllocateRandom(random, out var id))
        {
            pool.IsAllocated(id).Should().BeFalse();
            fresh.Add(id).Should().BeTrue();
        }

        fresh.Should().HaveCount((int)(25_000 - inside));
    }

    [Fact]
    public void Clone_when_modified_does_not_affect_source()
    {
        var pool = new IdPool([new(1, 100)]);
        pool.TryReserve(1);
        pool.TryReserve(1000);

        var copy = pool.Clone();
        copy.Release(1);
        copy.Release(1000);
        copy.TryReserve(2);

        pool.AllocatedIds().Should().Equal(1, 1000);
        copy.AllocatedIds().Should().Equal(2L);
    }

    [Fact]
    public void AllocatedIds_when_inside_and_outside_are_ascending()
    {
        var pool = new IdPool(s_modelRanges);
        foreach (var id in new long[] { 9100, 2, 7000, 301, 1000, -1, 5000, 20_000 })
        {
            pool.TryReserve(id);
        }

        pool.AllocatedIds().Should().Equal(-1, 2, 301, 1000, 5000, 7000, 9100, 20_000);
    }

    [Fact]
    public void Random_operations_when_compared_with_brute_force_model_pick_the_drawn_rank_of_free_ids()
    {
        var pool = new IdPool(s_modelRanges);
        var all = s_modelRanges.SelectMany(r => Enumerable.Range((int)r.First, (int)r.Count).Select(i => (long)i)).ToArray();
        var inUse = new HashSet<long>();
        var outside = new HashSet<long>();
        var random = new RecordingRandom(1234);
        var ops = new Random(99);

        for (var step = 0; step < 5000; step++)
        {
            switch (ops.Next(10))
            {
                case < 5:
                {
                    var free = all.Where(id => !inUse.Contains(id)).ToArray();
                    var ok = pool.TryAllocateRandom(random, out var id);
                    ok.Should().Be(free.Length > 0);
                    if (ok)
                    {
                        random.LastMaxExclusive.Should().Be(free.Length);
                        id.Should().Be(free[random.LastValue], "the draw picks that rank among free ids at step {0}", step);
                        inUse.Add(id);
                    }

                    break;
                }

                case < 8:
                {
                    var candidate = ops.Next(10) < 8 && inUse.Count > 0 ? inUse.ElementAt(ops.Next(inUse.Count)) : ops.Next(0, 9500);
                    var expected = inUse.Remove(candidate) || outside.Remove(candidate);
                    pool.Release(candidate).Should().Be(expected);
                    break;
                }

                default:
                {
                    long candidate = ops.Next(-10, 9500);
                    var inRange = s_modelRanges.Any(r => r.Contains(candidate));
                    var expected = inRange ? inUse.Add(candidate) : outside.Add(candidate);
                    pool.TryReserve(candidate).Should().Be(expected);
                    break;
                }
            }

            pool.AllocatedInRanges.Should().Be(inUse.Count);
            pool.AllocatedOutsideRanges.Should().Be(outside.Count);
            pool.FreeCount.Should().Be(all.Length - inUse.Count);
        }

        pool.AllocatedIds().Should().Equal(inUse.Concat(outside).Order());
        foreach (var id in Enumerable.Range(-10, 9600))
        {
            pool.IsAllocated(id).Should().Be(inUse.Contains(id) || outside.Contains(id));
        }
    }

    [Fact]
    public void Pool_when_gre_sized_allocates_reserves_and_releases()
    {
        var pool = new IdPool([new(1, uint.MaxValue)]);
        var random = new TestRandom(5);

        pool.Capacity.Should().Be(4_294_967_295);
        pool.TryReserve(1).Should().BeTrue();
        pool.TryReserve(uint.MaxValue).Should().BeTrue();
        pool.TryReserve(0).Should().BeTrue();
        var ids = new HashSet<long>();
        for (var i = 0; i < 1000; i++)
        {
            pool.TryAllocateRandom(random, out var id).Should().BeTrue();
            id.Should().BeInRange(1, uint.MaxValue);
            ids.Add(id).Should().BeTrue();
        }

        pool.AllocatedInRanges.Should().Be(1002);
        pool.AllocatedOutsideRanges.Should().Be(1);
        pool.IsAllocated(uint.MaxValue).Should().BeTrue();
        pool.Release(uint.MaxValue).Should().BeTrue();
        pool.FreeCount.Should().Be(4_294_967_295 - 1001);

        var last = new ScriptedRandom(max => max - 1);
        pool.TryAllocateRandom(last, out var highest).Should().BeTrue();
        highest.Should().Be(uint.MaxValue);
    }

    [Fact]
    public void Pool_when_ranges_sit_at_long_extremes_maps_ids_exactly()
    {
        var pool = new IdPool([new(long.MaxValue - 9, long.MaxValue), new(long.MinValue, long.MinValue + 4)]);

        pool.Capacity.Should().Be(15);
        var first = new ScriptedRandom(_ => 0);
        pool.TryAllocateRandom(first, out var lowest).Should().BeTrue();
        lowest.Should().Be(long.MinValue);
        var last = new ScriptedRandom(max => max - 1);
        pool.TryAllocateRandom(last, out var highest).Should().BeTrue();
        highest.Should().Be(long.MaxValue);
        pool.IsAllocated(long.MaxValue).Should().BeTrue();
        pool.IsAllocated(long.MaxValue - 1).Should().BeFalse();
    }
}
