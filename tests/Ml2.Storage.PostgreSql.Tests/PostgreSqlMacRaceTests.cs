using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Exceptions;
using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Ipam;
using Ml2.Plugin;

namespace Ml2.Storage.PostgreSql.Tests;

/// <summary>
/// One MAC taken by two PostgreSQL connections at once. Per network the ports' unique key (mac_address, network_id)
/// decides: the second insert waits for the first transaction and then conflicts, and the plugin's retry of the whole
/// create answers MacAddressInUse. Deployment-wide the pool row decides the same way across networks.
/// </summary>
[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlMacRaceTests(PostgreSqlServerFixture pg) : StoreSuite<string>(new PostgreSqlStoreTarget(pg.Server))
{
    private const string Mac = "fa:16:3e:00:00:26";
    private static readonly CallerContext s_admin = CallerContext.Admin("tenant-a");

    [Fact]
    public async Task CreatePortAsync_when_another_controller_takes_the_mac_on_the_network_meanwhile_retries_and_answers_mac_in_use()
    {
        var holding = new HoldingDriver();
        await using var first = await ConformanceHost.StartAsync(Target, Database, seed: 1, holding);
        await using var second = await ConformanceHost.StartAsync(Target, Database, seed: 2);
        var network = await first.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { Name = "shared" });

        // The first controller's port row is written and its transaction held open in precommit; the second one finds
        // no port with the MAC (not committed yet), so its insert waits on the unique key, then conflicts once the first
        // commits, and its retry reads the MAC in use.
        holding.Armed = true;
        var taking = Task.Run(async () => await first.Plugin.CreatePortAsync(s_admin, new PortCreateRequest { NetworkId = network.Id, MacAddress = Mac }));
        await holding.Entered.Task;
        var racing = Task.Run(async () => await second.Plugin.CreatePortAsync(s_admin, new PortCreateRequest { NetworkId = network.Id, MacAddress = Mac }));
        await WaitUntilBlockedAsync(racing);
        holding.Release.SetResult();

        (await taking).MacAddress.Should().Be(Mac);
        (await racing.Awaiting(t => t).Should().ThrowAsync<AddressInUseException>()).Which.NetworkId.Should().Be(network.Id);
        (await second.Plugin.ListPortsAsync(s_admin)).Select(p => p.MacAddress).Should().Equal(Mac);
    }

    [Fact]
    public async Task ReserveAsync_when_deployment_wide_and_another_connection_takes_the_mac_on_another_network_meanwhile_throws_mac_in_use()
    {
        var macs = DeploymentWideAllocator();
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

    /// <summary>Holds a port create's transaction open in precommit while armed, until released.</summary>
    private sealed class HoldingDriver : IMechanismDriver
    {
        public volatile bool Armed;

        public string Name => "holding";

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask CreatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken)
        {
            if (Armed)
            {
                Armed = false;
                Entered.SetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }
        }
    }

    private static MacAddressAllocator DeploymentWideAllocator() =>
        new(Options.Create(new Ml2Options { UniqueMacAddressesAcrossNetworks = true }), new TestRandom());

    private async Task WaitUntilBlockedAsync(Task statement)
    {
        while (!statement.IsCompleted && await RawSql.ReadAsync(Host, s => s.Int64Async("SELECT count(*) FROM pg_locks WHERE NOT granted", default)) == 0)
        {
        }

        statement.IsCompleted.Should().BeFalse("the second connection must wait for the first transaction's row");
    }
}
