using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Storage.Conformance;

/// <summary>
/// The plugin over the store: precommit runs inside the store transaction (a driver's own rows roll back with it),
/// concurrent creates never share a segment, IP or MAC, and a second controller instance sees the same state.
/// </summary>
public abstract class PluginConformanceTests(StoreTarget target) : StoreSuite(target)
{
    private static readonly CallerContext s_admin = CallerContext.Admin("tenant-a");

    [Fact]
    public async Task A_driver_s_own_rows_commit_with_the_port_and_roll_back_when_another_driver_fails()
    {
        var keeper = new RowKeepingDriver();
        var veto = new VetoDriver();
        await using var host = await ConformanceHost.StartAsync(Target, Database, seed: 3, keeper, veto);
        var network = await host.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { Name = "net" });
        await host.Plugin.CreateSubnetAsync(s_admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.1.0.0/24" });

        var kept = await host.Plugin.CreatePortAsync(s_admin, new PortCreateRequest { NetworkId = network.Id, Name = "ok" });
        veto.Armed = true;
        var failing = async () => await host.Plugin.CreatePortAsync(s_admin, new PortCreateRequest { NetworkId = network.Id, Name = "vetoed", MacAddress = "fa:16:3e:aa:bb:cc" });
        await failing.Should().ThrowAsync<MechanismDriverException>();

        var rows = await ReadAsync(tx => tx.DriverData.ListAsync(RowKeepingDriver.Table), host.Store);
        rows.Select(r => r.Key).Should().Equal(kept.Id);
        (await host.Plugin.ListPortsAsync(s_admin)).Select(p => p.Name).Should().Equal("ok");
        var macPoolHasVetoedMac = await ReadAsync(tx => tx.Pools.IsAllocatedAsync($"mac:{network.Id}", MacValue("fa:16:3e:aa:bb:cc")), host.Store);
        macPoolHasVetoedMac.Should().BeFalse("the vetoed port's MAC went back with the rollback");

        veto.Armed = false;
        await host.Plugin.DeletePortAsync(s_admin, kept.Id);
        (await ReadAsync(tx => tx.DriverData.ListAsync(RowKeepingDriver.Table), host.Store)).Should().BeEmpty();
    }

    [Fact]
    public async Task Concurrent_creates_on_two_instances_never_share_a_segment_ip_or_mac()
    {
        await using var first = await ConformanceHost.StartAsync(Target, Database, seed: 11);
        await using var second = await ConformanceHost.StartAsync(Target, Database, seed: 11);   // same seed: the same random choices, so they collide
        var shared = await first.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { Name = "shared" });
        await first.Plugin.CreateSubnetAsync(s_admin, new SubnetCreateRequest { NetworkId = shared.Id, Cidr = "10.2.0.0/16" });

        var work = new[] { first, second }.SelectMany(host => Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                await host.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { Name = $"n-{worker}-{i}" });
                await host.Plugin.CreatePortAsync(s_admin, new PortCreateRequest { NetworkId = shared.Id });
            }
        })));
        await Task.WhenAll(work);

        var networks = await first.Plugin.ListNetworksAsync(s_admin);
        networks.Should().HaveCount(81);
        networks.SelectMany(n => n.Segments).Select(s => s.SegmentationId).Should().OnlyHaveUniqueItems();
        var ports = await second.Plugin.ListPortsAsync(s_admin);
        ports.Should().HaveCount(80);
        ports.Select(p => p.MacAddress).Should().OnlyHaveUniqueItems();
        ports.SelectMany(p => p.FixedIps).Select(ip => ip.IpAddress).Should().OnlyHaveUniqueItems().And.HaveCount(80);
        (await ReadAsync(tx => tx.Pools.GetUsageAsync("vxlan"), second.Store))!.Allocated.Should().Be(81);
    }

    [Fact]
    public async Task Deleting_a_network_frees_its_segment_and_addresses_for_the_other_instance()
    {
        await using var first = await ConformanceHost.StartAsync(Target, Database, seed: 5);
        await using var second = await ConformanceHost.StartAsync(Target, Database, seed: 6);
        var network = await first.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest
        {
            Name = "vlan",
            Segments = [new ProviderSegment(NetworkTypes.Vlan, "physnet1", 150)],
        });
        var duplicate = async () => await second.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest
        {
            Segments = [new ProviderSegment(NetworkTypes.Vlan, "physnet1", 150)],
        });
        await duplicate.Should().ThrowAsync<SegmentInUseException>();

        await first.Plugin.DeleteNetworkAsync(s_admin, network.Id);
        var again = await second.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest
        {
            Segments = [new ProviderSegment(NetworkTypes.Vlan, "physnet1", 150)],
        });
        again.Segments.Should().ContainSingle().Which.SegmentationId.Should().Be(150);
    }

    private static long MacValue(string mac) => Convert.ToInt64(mac.Replace(":", "", StringComparison.Ordinal), 16);

    /// <summary>A vendor driver that keeps one row per port in its own table, in the operation's transaction.</summary>
    private sealed class RowKeepingDriver : IMechanismDriver
    {
        public const string Table = "keeper_ports";

        public string Name => "keeper";

        public async ValueTask CreatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) =>
            await context.Transaction!.DriverData.SetAsync(Table, context.Current.Id, context.Current.MacAddress, cancellationToken);

        public async ValueTask DeletePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) =>
            await context.Transaction!.DriverData.RemoveAsync(Table, context.Current.Id, cancellationToken);
    }

    /// <summary>A driver that fails port precommit while armed.</summary>
    private sealed class VetoDriver : IMechanismDriver
    {
        public volatile bool Armed;

        public string Name => "veto";

        public ValueTask CreatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) =>
            Armed ? throw new InvalidOperationException("vetoed by the backend") : default;
    }
}
