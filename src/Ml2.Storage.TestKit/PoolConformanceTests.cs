namespace Ml2.Storage.TestKit;

/// <summary>Id pools: ranges plus ids in use; random allocation; no id handed out twice, even to racing writers.</summary>
/// <typeparam name="TDatabase">What names one database of the store (see <see cref="StoreTarget{TDatabase}"/>).</typeparam>
/// <param name="target">The store under test.</param>
public abstract class PoolConformanceTests<TDatabase>(StoreTarget<TDatabase> target) : StoreSuite<TDatabase>(target)
    where TDatabase : notnull
{
    /// <summary>Allocating a whole pool hands out each id once then reports exhaustion.</summary>
    [Fact]
    public async Task Allocating_a_whole_pool_hands_out_each_id_once_then_reports_exhaustion()
    {
        await CommitAsync(tx => tx.Pools.ConfigurePoolAsync("small", [new IdRange(10, 19), new IdRange(100, 104)]));
        var ids = await CommitAsync(async tx =>
        {
            var taken = new List<long>();
            while (await tx.Pools.AllocateRandomAsync("small") is { } id)
            {
                taken.Add(id);
            }

            return taken;
        });

        ids.Should().BeEquivalentTo(Enumerable.Range(10, 10).Concat(Enumerable.Range(100, 5)).Select(i => (long)i));
        (await ReadAsync(tx => tx.Pools.GetUsageAsync("small"))).Should().Be(new IdPoolUsage(15, 15, 0));
        (await CommitAsync(tx => tx.Pools.AllocateRandomAsync("missing"))).Should().BeNull();
        (await CommitAsync(tx => tx.Pools.ReleaseAsync("small", 13))).Should().BeTrue();
        (await CommitAsync(tx => tx.Pools.AllocateRandomAsync("small"))).Should().Be(13);
    }

    /// <summary>Random allocation spreads over a 16M pool.</summary>
    [Fact]
    public async Task Random_allocation_spreads_over_a_16M_pool()
    {
        await CommitAsync(tx => tx.Pools.ConfigurePoolAsync("vxlan", [new IdRange(1, 16_777_215)]));
        var ids = await CommitAsync(async tx =>
        {
            var taken = new List<long>();
            for (var i = 0; i < 50; i++)
            {
                taken.Add((await tx.Pools.AllocateRandomAsync("vxlan"))!.Value);
            }

            return taken;
        });

        ids.Should().OnlyHaveUniqueItems().And.OnlyContain(id => id >= 1 && id <= 16_777_215);
        ids.Count(id => id > 8_388_608).Should().BeInRange(10, 40, "random ids fall in both halves of the range");
        (await ReadAsync(tx => tx.Pools.GetUsageAsync("vxlan"))).Should().Be(new IdPoolUsage(16_777_215, 50, 0));
    }

    /// <summary>Reserve release and ids outside the ranges.</summary>
    [Fact]
    public async Task Reserve_release_and_ids_outside_the_ranges()
    {
        await CommitAsync(tx => tx.Pools.ConfigurePoolAsync("vlan:physnet1", [new IdRange(100, 199)]));
        await CommitAsync(async tx =>
        {
            (await tx.Pools.TryReserveAsync("vlan:physnet1", 150)).Should().BeTrue();
            (await tx.Pools.TryReserveAsync("vlan:physnet1", 150)).Should().BeFalse();
            (await tx.Pools.TryReserveAsync("vlan:physnet1", 4000)).Should().BeTrue();
            (await tx.Pools.TryReserveAsync("implicit", 7)).Should().BeTrue();
        });

        await using (var read = await Store.BeginReadOnlyTransactionAsync())
        {
            (await read.Pools.GetUsageAsync("vlan:physnet1")).Should().Be(new IdPoolUsage(100, 1, 1));
            (await read.Pools.IsAllocatedAsync("vlan:physnet1", 4000)).Should().BeTrue();
            (await read.Pools.IsAllocatedAsync("vlan:physnet1", 151)).Should().BeFalse();
            (await read.Pools.GetUsageAsync("implicit")).Should().Be(new IdPoolUsage(0, 0, 1));
            (await read.Pools.GetUsageAsync("never")).Should().BeNull();
        }

        await CommitAsync(async tx =>
        {
            (await tx.Pools.ReleaseAsync("vlan:physnet1", 4000)).Should().BeTrue();
            (await tx.Pools.ReleaseAsync("vlan:physnet1", 4000)).Should().BeFalse();
        });
        (await ReadAsync(tx => tx.Pools.GetUsageAsync("vlan:physnet1"))).Should().Be(new IdPoolUsage(100, 1, 0));
    }

    /// <summary>Changing the ranges keeps ids in use and deleting a pool forgets them.</summary>
    [Fact]
    public async Task Changing_the_ranges_keeps_ids_in_use_and_deleting_a_pool_forgets_them()
    {
        await CommitAsync(async tx =>
        {
            await tx.Pools.ConfigurePoolAsync("gre", [new IdRange(1, 100)]);
            await tx.Pools.TryReserveAsync("gre", 5);
            await tx.Pools.TryReserveAsync("gre", 90);
        });
        await CommitAsync(tx => tx.Pools.ConfigurePoolAsync("gre", [new IdRange(1, 50)]));

        (await ReadAsync(tx => tx.Pools.GetUsageAsync("gre"))).Should().Be(new IdPoolUsage(50, 1, 1));
        (await ReadAsync(tx => tx.Pools.IsAllocatedAsync("gre", 90))).Should().BeTrue();

        await CommitAsync(tx => tx.Pools.DeletePoolAsync("gre"));
        (await ReadAsync(tx => tx.Pools.GetUsageAsync("gre"))).Should().BeNull();
        (await ReadAsync(tx => tx.Pools.IsAllocatedAsync("gre", 5))).Should().BeFalse();
    }

    /// <summary>Pools are listed by name prefix and a deleted pool is not listed.</summary>
    [Fact]
    public async Task Pools_are_listed_by_name_prefix_and_a_deleted_pool_is_not_listed()
    {
        await CommitAsync(async tx =>
        {
            await tx.Pools.ConfigurePoolAsync("vlan:physnet1", [new IdRange(100, 199)]);
            await tx.Pools.ConfigurePoolAsync("vlan:a_b", [new IdRange(1, 2)]);
            await tx.Pools.ConfigurePoolAsync("vlan:gone", [new IdRange(1, 2)]);
            await tx.Pools.TryReserveAsync("vlanx:other", 5);
            await tx.Pools.ConfigurePoolAsync("vxlan", [new IdRange(1, 10)]);
        });
        await CommitAsync(tx => tx.Pools.DeletePoolAsync("vlan:gone"));

        (await ReadAsync(tx => tx.Pools.ListPoolsAsync("vlan:"))).Should().Equal("vlan:a_b", "vlan:physnet1");
        (await ReadAsync(tx => tx.Pools.ListPoolsAsync("vlan:a_"))).Should().Equal("vlan:a_b");
        (await ReadAsync(tx => tx.Pools.ListPoolsAsync("vlan%"))).Should().BeEmpty("the prefix is matched literally");
        (await CommitAsync(tx => tx.Pools.ListPoolsAsync("v"))).Should().Equal("vlan:a_b", "vlan:physnet1", "vlanx:other", "vxlan");
    }

    /// <summary>Racing writers never get the same id.</summary>
    [Theory]
    [InlineData(1, 200, 200)]
    [InlineData(1, 16_777_215, 400)]
    public async Task Racing_writers_never_get_the_same_id(long first, long last, int allocations)
    {
        await CommitAsync(tx => tx.Pools.ConfigurePoolAsync("race", [new IdRange(first, last)]));
        const int Writers = 8;
        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var i = 0; i < allocations / Writers; i++)
            {
                mine.Add((await CommitWithRetryAsync(tx => tx.Pools.AllocateRandomAsync("race")))!.Value);
            }

            return mine;
        })));

        var all = results.SelectMany(r => r).ToList();
        all.Should().HaveCount(allocations).And.OnlyHaveUniqueItems();
        (await ReadAsync(tx => tx.Pools.GetUsageAsync("race")))!.AllocatedInRanges.Should().Be(allocations);
    }

    /// <summary>Deleting a pool while another writer allocates from it leaves no orphan ids.</summary>
    [Fact]
    public async Task Deleting_a_pool_while_another_writer_allocates_from_it_leaves_no_orphan_ids()
    {
        await CommitAsync(tx => tx.Pools.ConfigurePoolAsync("ip:subnet-1", [new IdRange(1, 254)]));
        var allocating = await Store.BeginTransactionAsync();
        long? allocated;
        await using (allocating)
        {
            allocated = await allocating.Pools.AllocateRandomAsync("ip:subnet-1");

            // The subnet delete starts while the allocation is uncommitted (a serialising store runs it after the
            // allocation commits). The short delay only lets the delete reach the database first on a store that
            // runs writers concurrently; the outcome asserted below holds whichever runs first.
            var deleting = Task.Run(() => CommitWithRetryAsync(async tx =>
            {
                await tx.Pools.DeletePoolAsync("ip:subnet-1");
                return true;
            }));
            await Task.Delay(200);
            try
            {
                await allocating.CommitAsync();
            }
            catch (Exceptions.StoreConflictException)
            {
                // The pool went first: the allocation is refused at commit (its retry would find the subnet gone).
            }

            await deleting;
        }

        allocated.Should().NotBeNull();
        (await ReadAsync(tx => tx.Pools.GetUsageAsync("ip:subnet-1"))).Should().BeNull();
        (await ReadAsync(tx => tx.Pools.IsAllocatedAsync("ip:subnet-1", allocated!.Value))).Should().BeFalse("an id must not outlive its pool");
    }

    /// <summary>Allocation follows ranges changed by another instance.</summary>
    [Fact]
    public async Task Allocation_follows_ranges_changed_by_another_instance()
    {
        await CommitAsync(tx => tx.Pools.ConfigurePoolAsync("gre", [new IdRange(1, 10)]));
        (await CommitAsync(tx => tx.Pools.AllocateRandomAsync("gre"))).Should().BeInRange(1, 10);

        await using var other = await ConformanceHost.StartAsync(Target, Database, seed: 4);
        await CommitAsync(tx => tx.Pools.ConfigurePoolAsync("gre", [new IdRange(100, 109)]), other.Store);

        var ids = await CommitAsync(async tx =>
        {
            var taken = new List<long>();
            for (var i = 0; i < 10; i++)
            {
                taken.Add((await tx.Pools.AllocateRandomAsync("gre"))!.Value);
            }

            return taken;
        });
        ids.Should().OnlyContain(id => id >= 100 && id <= 109, "this instance must not keep allocating from the ranges it saw before");
        (await CommitAsync(tx => tx.Pools.AllocateRandomAsync("gre"))).Should().BeNull("the new range is full");
    }
}
