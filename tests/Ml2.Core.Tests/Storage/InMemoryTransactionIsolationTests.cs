using Ml2.Storage.TestKit;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Storage;

namespace Ml2.Core.Tests.Storage;

/// <summary>A read-only transaction sees committed state only, never another transaction's pending writes.</summary>
public sealed class InMemoryTransactionIsolationTests
{
    [Fact]
    public async Task Read_only_transaction_when_a_writer_has_uncommitted_rows_does_not_see_them()
    {
        await using var host = TestHost.Create();
        var store = host.Store;
        await CommitAsync(store, async tx =>
        {
            await tx.Networks.AddAsync(ConformanceData.Network("net-1"));
            await tx.Networks.AddAsync(ConformanceData.Network("net-2"));
        });

        var writer = await store.BeginTransactionAsync();
        await using (writer)
        {
            await writer.Networks.AddAsync(ConformanceData.Network("net-new"));
            await writer.Networks.UpdateAsync(ConformanceData.Network("net-1", revision: 2, name: "renamed"), expectedRevision: 1);
            await writer.Networks.RemoveAsync("net-2");
            await writer.Subnets.AddAsync(ConformanceData.Subnet("subnet-new", "net-1"));
            await writer.Ports.AddAsync(ConformanceData.Port("port-new", "net-1"));

            var reader = await store.BeginReadOnlyTransactionAsync();
            await using (reader)
            {
                (await reader.Networks.FindAsync("net-new")).Should().BeNull();
                (await reader.Networks.FindAsync("net-1"))!.Name.Should().Be("net-net-1");
                (await reader.Networks.FindAsync("net-2")).Should().NotBeNull();
                (await reader.Networks.ListAsync()).Select(n => n.Id).Should().BeEquivalentTo(["net-1", "net-2"]);
                (await reader.Subnets.ListByNetworkAsync("net-1")).Should().BeEmpty();
                (await reader.Ports.ListByNetworkAsync("net-1")).Should().BeEmpty();
                (await reader.Ports.CountByNetworkAsync("net-1")).Should().Be(0);
            }
        }
    }

    [Fact]
    public async Task Read_only_transaction_when_a_writer_has_uncommitted_driver_data_does_not_see_it()
    {
        await using var host = TestHost.Create();
        var store = host.Store;
        await CommitAsync(store, tx => tx.DriverData.SetAsync("vendor", "a", "committed"));

        var writer = await store.BeginTransactionAsync();
        await using (writer)
        {
            await writer.DriverData.SetAsync("vendor", "a", "pending");
            await writer.DriverData.SetAsync("vendor", "b", "pending");

            var reader = await store.BeginReadOnlyTransactionAsync();
            await using (reader)
            {
                (await reader.DriverData.GetAsync("vendor", "a")).Should().Be("committed");
                (await reader.DriverData.GetAsync("vendor", "b")).Should().BeNull();
                (await reader.DriverData.ListAsync("vendor")).Select(r => $"{r.Key}={r.Value}").Should().Equal("a=committed");
            }
        }
    }

    [Fact]
    public async Task Read_only_transaction_when_a_writer_has_uncommitted_pool_changes_does_not_see_them()
    {
        await using var host = TestHost.Create();
        var store = host.Store;
        await CommitAsync(store, async tx =>
        {
            await tx.Pools.ConfigurePoolAsync("vlan:physnet1", [new IdRange(100, 109)]);
            await tx.Pools.TryReserveAsync("vlan:physnet1", 100);
        });

        var writer = await store.BeginTransactionAsync();
        await using (writer)
        {
            (await writer.Pools.TryReserveAsync("vlan:physnet1", 105)).Should().BeTrue();
            (await writer.Pools.ReleaseAsync("vlan:physnet1", 100)).Should().BeTrue();
            (await writer.Pools.TryReserveAsync("new-pool", 1)).Should().BeTrue();

            var reader = await store.BeginReadOnlyTransactionAsync();
            await using (reader)
            {
                (await reader.Pools.IsAllocatedAsync("vlan:physnet1", 105)).Should().BeFalse("105 is reserved by a transaction that has not committed");
                (await reader.Pools.IsAllocatedAsync("vlan:physnet1", 100)).Should().BeTrue("the release of 100 has not been committed");
                (await reader.Pools.GetUsageAsync("vlan:physnet1")).Should().Be(new IdPoolUsage(10, 1, 0));
                (await reader.Pools.GetUsageAsync("new-pool")).Should().BeNull("the pool is created by a transaction that has not committed");
            }
        }
    }

    [Fact]
    public async Task Read_only_transaction_when_the_writer_commits_afterwards_sees_the_committed_state()
    {
        await using var host = TestHost.Create();
        var store = host.Store;

        var writer = await store.BeginTransactionAsync();
        await using (writer)
        {
            await writer.Networks.AddAsync(ConformanceData.Network("net-new"));
            await writer.CommitAsync();
        }

        var reader = await store.BeginReadOnlyTransactionAsync();
        await using (reader)
        {
            reader.IsReadOnly.Should().BeTrue();
            (await reader.Networks.FindAsync("net-new")).Should().NotBeNull();
        }
    }

    private static async Task CommitAsync(IMl2Store store, Func<IMl2Transaction, ValueTask> work)
    {
        var transaction = await store.BeginTransactionAsync();
        await using (transaction)
        {
            await work(transaction);
            await transaction.CommitAsync();
        }
    }
}
