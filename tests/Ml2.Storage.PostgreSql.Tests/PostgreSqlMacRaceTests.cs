using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Exceptions;
using Ml2.Ipam;

namespace Ml2.Storage.PostgreSql.Tests;

/// <summary>
/// One MAC taken by two PostgreSQL connections at once. Per network the ports' unique key (mac_address, network_id)
/// decides: the second insert waits for the first transaction and then conflicts, so the retried write sees the MAC in
/// use. Deployment-wide the pool row decides the same way across networks.
/// </summary>
[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlMacRaceTests(PostgreSqlServerFixture pg) : StoreSuite<string>(new PostgreSqlStoreTarget(pg.Server))
{
    private const string Mac = "fa:16:3e:00:00:26";

    [Fact]
    public async Task AddAsync_when_another_connection_takes_the_mac_on_the_network_meanwhile_conflicts_and_the_retry_finds_it_in_use()
    {
        var macs = Allocator(deploymentWide: false);
        await macs.ConfigureAsync(Store);
        await CommitAsync(tx => tx.Networks.AddAsync(ConformanceData.Network("net-1")));

        var first = await Store.BeginTransactionAsync();
        await first.Ports.AddAsync(ConformanceData.Port("port-a", "net-1", await macs.ReserveAsync(first, "net-1", Mac)));
        var second = await Store.BeginTransactionAsync();
        (await macs.ReserveAsync(second, "net-1", Mac)).Should().Be(Mac, "port-a is not committed yet");
        var insert = Task.Run(async () => await second.Ports.AddAsync(ConformanceData.Port("port-b", "net-1", Mac)));
        await WaitUntilBlockedAsync(insert);

        await first.CommitAsync();
        await first.DisposeAsync();
        await insert.Awaiting(t => t).Should().ThrowAsync<StoreConflictException>();
        await second.DisposeAsync();

        var retried = () => CommitAsync(tx => macs.ReserveAsync(tx, "net-1", Mac));
        (await retried.Should().ThrowAsync<AddressInUseException>()).Which.NetworkId.Should().Be("net-1");
        (await ReadAsync(tx => tx.Ports.ListByMacAddressAsync(Mac))).Select(p => p.Id).Should().Equal("port-a");
    }

    [Fact]
    public async Task ReserveAsync_when_deployment_wide_and_another_connection_takes_the_mac_on_another_network_meanwhile_throws_mac_in_use()
    {
        var macs = Allocator(deploymentWide: true);
        await macs.ConfigureAsync(Store);

        var first = await Store.BeginTransactionAsync();
        await macs.ReserveAsync(first, "net-1", Mac);
        var second = await Store.BeginTransactionAsync();
        var reserve = Task.Run(async () => await macs.ReserveAsync(second, "net-2", Mac));
        await WaitUntilBlockedAsync(reserve);

        await first.CommitAsync();
        await first.DisposeAsync();
        (await reserve.Awaiting(t => t).Should().ThrowAsync<AddressInUseException>()).Which.NetworkId.Should().Be("net-2");
        await second.DisposeAsync();
        (await ReadAsync(tx => tx.Pools.IsAllocatedAsync(MacAddressAllocator.PoolName, MacAddresses.Parse(Mac)))).Should().BeTrue();
    }

    private static MacAddressAllocator Allocator(bool deploymentWide) =>
        new(Options.Create(new Ml2Options { UniqueMacAddressesAcrossNetworks = deploymentWide }), new TestRandom());

    private async Task WaitUntilBlockedAsync(Task statement)
    {
        while (!statement.IsCompleted && await RawSql.ReadAsync(Host, s => s.Int64Async("SELECT count(*) FROM pg_locks WHERE NOT granted", default)) == 0)
        {
        }

        statement.IsCompleted.Should().BeFalse("the second connection must wait for the first transaction's row");
    }
}
