namespace Ml2.Storage.TestKit;

/// <summary>Transactions: rollback on dispose removes every trace, readers see committed state only.</summary>
/// <typeparam name="TDatabase">What names one database of the store (see <see cref="StoreTarget{TDatabase}"/>).</typeparam>
/// <param name="target">The store under test.</param>
public abstract class TransactionConformanceTests<TDatabase>(StoreTarget<TDatabase> target) : StoreSuite<TDatabase>(target)
    where TDatabase : notnull
{
    /// <summary>Disposing without commit rolls back rows pool ids and driver rows.</summary>
    [Fact]
    public async Task Disposing_without_commit_rolls_back_rows_pool_ids_and_driver_rows()
    {
        await CommitAsync(async tx =>
        {
            await tx.Networks.AddAsync(ConformanceData.Network("kept"));
            await tx.Pools.ConfigurePoolAsync("conf", [new IdRange(1, 10)]);
            await tx.DriverData.SetAsync("vendor_ports", "p0", "kept");
        });

        await using (var tx = await Store.BeginTransactionAsync())
        {
            await tx.Networks.AddAsync(ConformanceData.Network("n1"));
            await tx.Ports.AddAsync(ConformanceData.Port("p1", "n1"));
            (await tx.Pools.TryReserveAsync("conf", 5)).Should().BeTrue();
            (await tx.Pools.AllocateRandomAsync("conf")).Should().NotBeNull();
            await tx.Pools.ConfigurePoolAsync("conf", [new IdRange(1, 2)]);
            await tx.DriverData.SetAsync("vendor_ports", "p1", "{\"vlan\":7}");
            await tx.DriverData.SetAsync("vendor_ports", "p0", "changed");
            (await tx.Networks.RemoveAsync("kept")).Should().BeTrue();
        }

        await using var read = await Store.BeginReadOnlyTransactionAsync();
        (await read.Networks.ListAsync()).Select(n => n.Id).Should().Equal("kept");
        (await read.Ports.ListAsync()).Should().BeEmpty();
        (await read.Pools.GetUsageAsync("conf")).Should().Be(new IdPoolUsage(10, 0, 0));
        (await read.DriverData.ListAsync("vendor_ports")).Select(r => $"{r.Key}={r.Value}").Should().Equal("p0=kept");
    }

    /// <summary>A read only transaction refuses writes.</summary>
    [Fact]
    public async Task A_read_only_transaction_refuses_writes()
    {
        await using var read = await Store.BeginReadOnlyTransactionAsync();
        read.IsReadOnly.Should().BeTrue();
        await FluentActions.Awaiting(async () => await read.Networks.AddAsync(ConformanceData.Network("n1"))).Should().ThrowAsync<InvalidOperationException>();
        await FluentActions.Awaiting(async () => await read.Pools.TryReserveAsync("p", 1)).Should().ThrowAsync<InvalidOperationException>();
        await FluentActions.Awaiting(async () => await read.DriverData.SetAsync("t", "k", "v")).Should().ThrowAsync<InvalidOperationException>();
    }

    /// <summary>Readers do not see a writer's uncommitted rows.</summary>
    [Fact]
    public async Task Readers_do_not_see_a_writer_s_uncommitted_rows()
    {
        await using var writer = await Store.BeginTransactionAsync();
        await writer.Networks.AddAsync(ConformanceData.Network("n1"));
        await writer.Pools.TryReserveAsync("pool", 3);
        await writer.DriverData.SetAsync("t", "k", "v");

        (await ReadAsync(tx => tx.Networks.FindAsync("n1"))).Should().BeNull();
        (await ReadAsync(tx => tx.Pools.IsAllocatedAsync("pool", 3))).Should().BeFalse();
        (await ReadAsync(tx => tx.DriverData.GetAsync("t", "k"))).Should().BeNull();

        await writer.CommitAsync();
        (await ReadAsync(tx => tx.Networks.FindAsync("n1"))).Should().NotBeNull();
        (await ReadAsync(tx => tx.Pools.IsAllocatedAsync("pool", 3))).Should().BeTrue();
        (await ReadAsync(tx => tx.DriverData.GetAsync("t", "k"))).Should().Be("v");
    }

    /// <summary>A transaction cannot be used after commit.</summary>
    [Fact]
    public async Task A_transaction_cannot_be_used_after_commit()
    {
        var tx = await Store.BeginTransactionAsync();
        await tx.CommitAsync();
        await FluentActions.Awaiting(async () => await tx.Networks.FindAsync("n1")).Should().ThrowAsync<ObjectDisposedException>();
        await FluentActions.Awaiting(async () => await tx.CommitAsync()).Should().ThrowAsync<ObjectDisposedException>();
        await tx.DisposeAsync();
    }

    /// <summary>Driver rows are kept per table and key.</summary>
    [Fact]
    public async Task Driver_rows_are_kept_per_table_and_key()
    {
        await CommitAsync(async tx =>
        {
            await tx.DriverData.SetAsync("vendor_ports", "b", "2");
            await tx.DriverData.SetAsync("vendor_ports", "a", "1");
            await tx.DriverData.SetAsync("vendor_ports", "a", "1bis");
            await tx.DriverData.SetAsync("vendor_nets", "a", "x");
        });

        await using var read = await Store.BeginReadOnlyTransactionAsync();
        (await read.DriverData.ListAsync("vendor_ports")).Select(r => $"{r.Key}={r.Value}").Should().Equal("a=1bis", "b=2");
        (await read.DriverData.GetAsync("vendor_nets", "a")).Should().Be("x");
        (await read.DriverData.GetAsync("vendor_nets", "b")).Should().BeNull();
        await CommitAsync(async tx => (await tx.DriverData.RemoveAsync("vendor_ports", "a")).Should().BeTrue());
        (await ReadAsync(tx => tx.DriverData.ListAsync("vendor_ports"))).Should().ContainSingle();
    }

    /// <summary>Committed state survives a restart of the host.</summary>
    [Fact]
    public async Task Committed_state_survives_a_restart_of_the_host()
    {
        await CommitAsync(async tx =>
        {
            await tx.Networks.AddAsync(ConformanceData.Network("n1"));
            await tx.Pools.ConfigurePoolAsync("vxlan", [new IdRange(1, 16_777_215)]);
            await tx.Pools.TryReserveAsync("vxlan", 4242);
            await tx.DriverData.SetAsync("t", "k", "v");
        });
        await Host.DisposeAsync();

        await using var second = await ConformanceHost.StartAsync(Target, Database, seed: 2);
        (await ReadAsync(tx => tx.Networks.FindAsync("n1"), second.Store)).Should().NotBeNull();
        (await ReadAsync(tx => tx.Pools.IsAllocatedAsync("vxlan", 4242), second.Store)).Should().BeTrue();
        (await ReadAsync(tx => tx.DriverData.GetAsync("t", "k"), second.Store)).Should().Be("v");
    }
}
