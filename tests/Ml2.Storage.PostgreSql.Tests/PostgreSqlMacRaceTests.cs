using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Ipam;
using Ml2.Storage.TestKit;

namespace Ml2.Storage.PostgreSql.Tests;

/// <summary>
/// A requested MAC that ports of other networks have, taken while the last of them is removed on another PostgreSQL
/// connection: the pool must still hold the MAC afterwards (the two-controller soak once found a port keeping a MAC
/// the pool had let go).
/// </summary>
[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlMacRaceTests(PostgreSqlServerFixture pg) : StoreSuite<string>(new PostgreSqlStoreTarget(pg.Server))
{
    private const string Mac = "fa:16:3e:00:00:26";

    [Fact]
    public async Task ReserveAsync_when_the_last_other_port_with_the_mac_is_removed_meanwhile_keeps_the_mac_in_the_pool()
    {
        var macs = new MacAddressAllocator(Options.Create(new Ml2Options()));
        await macs.ConfigureAsync(Store);
        await CommitAsync(async tx =>
        {
            await tx.Networks.AddAsync(ConformanceData.Network("net-1"));
            await tx.Networks.AddAsync(ConformanceData.Network("net-2"));
            await macs.ReserveAsync(tx, "net-1", Mac);
            await tx.Ports.AddAsync(ConformanceData.Port("port-a", "net-1", Mac));
        });

        // The new port takes the MAC first (the pool holds it for port-a); the removal of port-a runs meanwhile.
        var taking = await Store.BeginTransactionAsync();
        await macs.ReserveAsync(taking, "net-2", Mac);
        await taking.Ports.AddAsync(ConformanceData.Port("port-b", "net-2", Mac));
        var removing = await Store.BeginTransactionAsync();
        await removing.Ports.RemoveAsync("port-a");
        var release = Task.Run(async () => await macs.ReleaseAsync(removing, "port-a", Mac));
        // Without the fix the removal lets the MAC go at once; with it, it waits for the taking transaction's lock.
        while (!release.IsCompleted && !await AnyoneWaitsForALockAsync())
        {
        }

        await taking.CommitAsync();
        await taking.DisposeAsync();
        await release;
        await removing.CommitAsync();
        await removing.DisposeAsync();

        var held = await ReadAsync(tx => tx.Pools.IsAllocatedAsync(MacAddressAllocator.PoolName, MacAddresses.Parse(Mac)));
        held.Should().BeTrue("port-b has the MAC, so the pool must hold it");
    }

    private async Task<bool> AnyoneWaitsForALockAsync() =>
        await RawSql.ReadAsync(Host, s => s.Int64Async("SELECT count(*) FROM pg_locks WHERE NOT granted", default)) > 0;
}
