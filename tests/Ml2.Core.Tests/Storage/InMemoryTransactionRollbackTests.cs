using Ml2.Storage.TestKit;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Storage;

namespace Ml2.Core.Tests.Storage;

/// <summary>Disposing a read-write transaction without committing leaves no trace.</summary>
public sealed class InMemoryTransactionRollbackTests
{
    [Fact]
    public async Task DisposeAsync_when_transaction_was_not_committed_leaves_no_trace_of_rows_pools_or_driver_data()
    {
        await using var host = TestHost.Create();
        var store = host.Store;
        await SeedAsync(store);
        var before = StoreSnapshot.Capture(store);

        var transaction = await store.BeginTransactionAsync();
        await using (transaction)
        {
            await transaction.Networks.AddAsync(ConformanceData.Network("net-new"));
            await transaction.Networks.UpdateAsync(ConformanceData.Network("net-1", revision: 2, name: "renamed"), expectedRevision: 1);
            await transaction.Networks.RemoveAsync("net-2");
            await transaction.Subnets.AddAsync(ConformanceData.Subnet("subnet-new", "net-new"));
            await transaction.Ports.AddAsync(ConformanceData.Port("port-new", "net-new"));
            (await transaction.Pools.TryReserveAsync("vlan:physnet1", 150)).Should().BeTrue();
            (await transaction.Pools.TryReserveAsync("vlan:physnet1", 4000)).Should().BeTrue();
            (await transaction.Pools.ReleaseAsync("vlan:physnet1", 110)).Should().BeTrue();
            (await transaction.Pools.AllocateRandomAsync("vxlan-test")).Should().NotBeNull();
            (await transaction.Pools.TryReserveAsync("brand-new-pool", 7)).Should().BeTrue();
            await transaction.Pools.ConfigurePoolAsync("vlan:physnet1", [new IdRange(100, 120)]);
            await transaction.Pools.DeletePoolAsync("to-delete");
            await transaction.DriverData.SetAsync("vendor_ports", "port-new", "{\"x\":1}");
            await transaction.DriverData.SetAsync("vendor_ports", "port-1", "{\"changed\":true}");
            (await transaction.DriverData.RemoveAsync("vendor_ports", "port-2")).Should().BeTrue();
            (await transaction.Networks.FindAsync("net-1"))!.Name.Should().Be("renamed");
            (await transaction.Pools.IsAllocatedAsync("vlan:physnet1", 150)).Should().BeTrue();
            (await transaction.DriverData.GetAsync("vendor_ports", "port-2")).Should().BeNull();
        }

        StoreSnapshot.Capture(store).Should().Be(before);
        StoreSnapshot.AllocatedIds(store, "brand-new-pool").Should().BeEmpty();
        var check = await store.BeginReadOnlyTransactionAsync();
        await using (check)
        {
            (await check.Networks.FindAsync("net-new")).Should().BeNull();
            (await check.Networks.FindAsync("net-1"))!.Name.Should().Be("net-net-1");
            (await check.Networks.FindAsync("net-2")).Should().NotBeNull();
            (await check.Pools.GetUsageAsync("vlan:physnet1")).Should().Be(new IdPoolUsage(100, 2, 0));
            (await check.Pools.GetUsageAsync("to-delete")).Should().NotBeNull();
            (await check.DriverData.ListAsync("vendor_ports")).Select(r => r.Key).Should().Equal("port-1", "port-2");
        }
    }

    [Fact]
    public async Task CommitAsync_when_transaction_commits_makes_every_change_visible()
    {
        await using var host = TestHost.Create();
        var store = host.Store;
        await SeedAsync(store);

        var transaction = await store.BeginTransactionAsync();
        await using (transaction)
        {
            await transaction.Networks.AddAsync(ConformanceData.Network("net-new"));
            await transaction.Networks.RemoveAsync("net-2");
            await transaction.Pools.TryReserveAsync("vlan:physnet1", 150);
            await transaction.DriverData.SetAsync("vendor_ports", "port-new", "v");
            await transaction.CommitAsync();
        }

        var check = await store.BeginReadOnlyTransactionAsync();
        await using (check)
        {
            (await check.Networks.FindAsync("net-new")).Should().NotBeNull();
            (await check.Networks.FindAsync("net-2")).Should().BeNull();
            (await check.Pools.IsAllocatedAsync("vlan:physnet1", 150)).Should().BeTrue();
            (await check.DriverData.GetAsync("vendor_ports", "port-new")).Should().Be("v");
        }
    }

    private static async Task SeedAsync(IMl2Store store)
    {
        var transaction = await store.BeginTransactionAsync();
        await using (transaction)
        {
            await transaction.Networks.AddAsync(ConformanceData.Network("net-1"));
            await transaction.Networks.AddAsync(ConformanceData.Network("net-2"));
            await transaction.Pools.ConfigurePoolAsync("vlan:physnet1", [new IdRange(100, 199)]);
            await transaction.Pools.TryReserveAsync("vlan:physnet1", 110);
            await transaction.Pools.TryReserveAsync("vlan:physnet1", 111);
            await transaction.Pools.ConfigurePoolAsync("vxlan-test", [new IdRange(1, 10)]);
            await transaction.Pools.ConfigurePoolAsync("to-delete", [new IdRange(1, 10)]);
            await transaction.Pools.TryReserveAsync("to-delete", 3);
            await transaction.DriverData.SetAsync("vendor_ports", "port-1", "{\"a\":1}");
            await transaction.DriverData.SetAsync("vendor_ports", "port-2", "{\"b\":2}");
            await transaction.CommitAsync();
        }
    }
}
