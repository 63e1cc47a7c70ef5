using Ml2.Storage.TestKit;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Storage;

namespace Ml2.Core.Tests.Storage;

/// <summary>Read-only transactions refuse writes; completed transactions refuse everything.</summary>
public sealed class InMemoryTransactionLifetimeTests
{
    public static TheoryData<string> Writes => new()
    {
        "networks.add", "networks.update", "networks.remove", "subnets.add", "ports.add", "ports.remove",
        "pools.configure", "pools.allocate", "pools.reserve", "pools.release", "pools.delete",
        "driverdata.set", "driverdata.remove",
    };

    public static TheoryData<string> Everything
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var write in Writes)
            {
                data.Add(write);
            }

            foreach (var read in new[] { "networks.find", "networks.list", "subnets.bynetwork", "ports.count", "pools.isallocated", "pools.usage", "driverdata.get", "driverdata.list", "commit" })
            {
                data.Add(read);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_when_transaction_is_read_only_throws_invalid_operation_and_changes_nothing(string operation)
    {
        await using var host = TestHost.Create();
        await SeedAsync(host.Store);
        var before = StoreSnapshot.Capture(host.Store);

        var reader = await host.Store.BeginReadOnlyTransactionAsync();
        await using (reader)
        {
            var act = async () => await RunAsync(reader, operation);

            await act.Should().ThrowExactlyAsync<InvalidOperationException>();
        }

        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Theory]
    [MemberData(nameof(Everything))]
    public async Task Any_operation_when_transaction_was_committed_throws_object_disposed(string operation)
    {
        await using var host = TestHost.Create();
        await SeedAsync(host.Store);
        var transaction = await host.Store.BeginTransactionAsync();
        await transaction.CommitAsync();
        var before = StoreSnapshot.Capture(host.Store);

        var act = async () => await RunAsync(transaction, operation);

        await act.Should().ThrowAsync<ObjectDisposedException>();
        StoreSnapshot.Capture(host.Store).Should().Be(before);
        await transaction.DisposeAsync();
    }

    [Theory]
    [InlineData("networks.find")]
    [InlineData("networks.add")]
    [InlineData("pools.reserve")]
    [InlineData("commit")]
    public async Task Any_operation_when_transaction_was_rolled_back_throws_object_disposed(string operation)
    {
        await using var host = TestHost.Create();
        await SeedAsync(host.Store);
        var transaction = await host.Store.BeginTransactionAsync();
        await transaction.DisposeAsync();

        var act = async () => await RunAsync(transaction, operation);

        await act.Should().ThrowAsync<ObjectDisposedException>();
    }

    [Fact]
    public async Task CommitAsync_when_read_only_transaction_has_only_read_succeeds()
    {
        await using var host = TestHost.Create();
        await SeedAsync(host.Store);

        var reader = await host.Store.BeginReadOnlyTransactionAsync();
        await using (reader)
        {
            (await reader.Networks.FindAsync("net-1")).Should().NotBeNull();
            await reader.CommitAsync();
        }
    }

    private static async Task SeedAsync(IMl2Store store)
    {
        var transaction = await store.BeginTransactionAsync();
        await using (transaction)
        {
            await transaction.Networks.AddAsync(ConformanceData.Network("net-1"));
            await transaction.Ports.AddAsync(ConformanceData.Port("port-1", "net-1"));
            await transaction.Pools.ConfigurePoolAsync("vlan:physnet1", [new IdRange(100, 109)]);
            await transaction.Pools.TryReserveAsync("vlan:physnet1", 100);
            await transaction.DriverData.SetAsync("vendor", "k", "v");
            await transaction.CommitAsync();
        }
    }

    private static async Task RunAsync(IMl2Transaction tx, string operation)
    {
        switch (operation)
        {
            case "networks.add": await tx.Networks.AddAsync(ConformanceData.Network("net-2")); break;
            case "networks.update": await tx.Networks.UpdateAsync(ConformanceData.Network("net-1", revision: 2), 1); break;
            case "networks.remove": await tx.Networks.RemoveAsync("net-1"); break;
            case "subnets.add": await tx.Subnets.AddAsync(ConformanceData.Subnet("subnet-1", "net-1")); break;
            case "ports.add": await tx.Ports.AddAsync(ConformanceData.Port("port-2", "net-1")); break;
            case "ports.remove": await tx.Ports.RemoveAsync("port-1"); break;
            case "pools.configure": await tx.Pools.ConfigurePoolAsync("vlan:physnet1", [new IdRange(1, 5)]); break;
            case "pools.allocate": await tx.Pools.AllocateRandomAsync("vlan:physnet1"); break;
            case "pools.reserve": await tx.Pools.TryReserveAsync("vlan:physnet1", 105); break;
            case "pools.release": await tx.Pools.ReleaseAsync("vlan:physnet1", 100); break;
            case "pools.delete": await tx.Pools.DeletePoolAsync("vlan:physnet1"); break;
            case "driverdata.set": await tx.DriverData.SetAsync("vendor", "k", "changed"); break;
            case "driverdata.remove": await tx.DriverData.RemoveAsync("vendor", "k"); break;
            case "networks.find": await tx.Networks.FindAsync("net-1"); break;
            case "networks.list": await tx.Networks.ListAsync(); break;
            case "subnets.bynetwork": await tx.Subnets.ListByNetworkAsync("net-1"); break;
            case "ports.count": await tx.Ports.CountByNetworkAsync("net-1"); break;
            case "pools.isallocated": await tx.Pools.IsAllocatedAsync("vlan:physnet1", 100); break;
            case "pools.usage": await tx.Pools.GetUsageAsync("vlan:physnet1"); break;
            case "driverdata.get": await tx.DriverData.GetAsync("vendor", "k"); break;
            case "driverdata.list": await tx.DriverData.ListAsync("vendor"); break;
            case "commit": await tx.CommitAsync(); break;
            default: throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
        }
    }
}
