using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Storage.TestKit;

/// <summary>
/// The plugin over the store: precommit runs inside the store transaction (a driver's own rows roll back with it),
/// concurrent creates never share a segment, IP or MAC, and a second controller instance sees the same state.
/// </summary>
/// <typeparam name="TDatabase">What names one database of the store (see <see cref="StoreTarget{TDatabase}"/>).</typeparam>
/// <param name="target">The store under test.</param>
public abstract class PluginConformanceTests<TDatabase>(StoreTarget<TDatabase> target) : StoreSuite<TDatabase>(target)
    where TDatabase : notnull
{
    private static readonly CallerContext s_admin = CallerContext.Admin("tenant-a");

    /// <summary>A driver's own rows commit with the port and roll back when another driver fails.</summary>
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

        veto.Armed = false;
        var again = await host.Plugin.CreatePortAsync(s_admin, new PortCreateRequest { NetworkId = network.Id, Name = "again", MacAddress = "fa:16:3e:aa:bb:cc" });
        again.MacAddress.Should().Be("fa:16:3e:aa:bb:cc", "the vetoed port's MAC went back with the rollback");
        await host.Plugin.DeletePortAsync(s_admin, again.Id);
        await host.Plugin.DeletePortAsync(s_admin, kept.Id);
        (await ReadAsync(tx => tx.DriverData.ListAsync(RowKeepingDriver.Table), host.Store)).Should().BeEmpty();
    }

    /// <summary>Concurrent creates on two instances never share a segment ip or mac.</summary>
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

    /// <summary>Deleting a network frees its segment and addresses for the other instance.</summary>
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

    /// <summary>A port's inactive binding and the levels of each binding survive a restart and an activation.</summary>
    [Fact]
    public async Task A_port_s_inactive_binding_and_the_levels_of_each_binding_survive_a_restart_and_an_activation()
    {
        var network = default(Network);
        var port = default(Port);
        var inactive = default(PortHostBinding);
        await using (var first = await ConformanceHost.StartAsync(Target, Database, seed: 21, new TorDriver(), new AgentDriver()))
        {
            network = await first.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { Name = "migrating" });
            await first.Plugin.CreateSubnetAsync(s_admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.3.0.0/24" });
            port = await first.Plugin.CreatePortAsync(s_admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1", DeviceOwner = "compute:nova" });
            inactive = await first.Plugin.CreatePortBindingAsync(s_admin, port.Id, new PortBindingCreateRequest
            {
                Host = "h2", VnicType = VnicTypes.Direct, Profile = ExtensionAttributes.From(("pci_slot", "0000:05:00.1")),
            });
        }

        port.Binding.Levels.Should().ContainSingle("h1 is bound directly on the VXLAN segment");
        inactive.Binding.Levels.Should().HaveCount(2, "h2 is bound through a dynamic VLAN");
        await using (var second = await ConformanceHost.StartAsync(Target, Database, seed: 22, new TorDriver(), new AgentDriver()))
        {
            var bindings = await second.Plugin.ListPortBindingsAsync(s_admin, port.Id);
            bindings.Select(b => (b.Host, b.Status)).Should().Equal(("h1", PortBindingStatus.Active), ("h2", PortBindingStatus.Inactive));
            bindings[0].Binding.Levels.Should().Equal(port.Binding.Levels);
            bindings[1].Binding.Levels.Should().Equal(inactive.Binding.Levels);
            bindings[1].Binding.VnicType.Should().Be(VnicTypes.Direct);
            bindings[1].Binding.VifType.Should().Be(VifTypes.Ovs);
            bindings[1].Binding.VifDetails["host"].GetString().Should().Be("h2");
            bindings[1].Binding.Profile["pci_slot"].GetString().Should().Be("0000:05:00.1");
            bindings[1].Binding.RequestedStatus.Should().Be(ResourceStatus.Active);

            await second.Plugin.ActivatePortBindingAsync(s_admin, port.Id, "h2");
        }

        await using var third = await ConformanceHost.StartAsync(Target, Database, seed: 23, new TorDriver(), new AgentDriver());
        var moved = await third.Plugin.GetPortAsync(s_admin, port.Id);
        moved.Binding.HostId.Should().Be("h2");
        moved.Binding.Levels.Should().Equal(inactive.Binding.Levels);
        moved.Status.Should().Be(ResourceStatus.Active);
        var previous = moved.InactiveBindings.Should().ContainSingle().Which;
        previous.HostId.Should().Be("h1");
        previous.VifType.Should().Be(VifTypes.Unbound);
        previous.Levels.Should().BeEmpty();
    }

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

    /// <summary>A top-of-rack driver: on host h2 it maps the VXLAN segment to a dynamic VLAN on physnet1 and continues binding.</summary>
    private sealed class TorDriver : IMechanismDriver
    {
        public string Name => "tor";

        public async ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
        {
            var vxlan = context.SegmentsToBind!.FirstOrDefault(s => s.NetworkType == NetworkTypes.Vxlan);
            if (context.Host == "h2" && vxlan is not null)
            {
                var vlan = await context.AllocateDynamicSegmentAsync(new ProviderSegment(NetworkTypes.Vlan, "physnet1"), cancellationToken);
                context.ContinueBinding(vxlan.Id, [vlan]);
            }
        }
    }

    /// <summary>A host agent driver: binds the first segment offered on any host, with vif type ovs, asking for ACTIVE.</summary>
    private sealed class AgentDriver : IMechanismDriver
    {
        public string Name => "agent";

        public ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
        {
            context.SetBinding(context.SegmentsToBind![0].Id, VifTypes.Ovs, ExtensionAttributes.From(("host", context.Host)), ResourceStatus.Active);
            return default;
        }
    }
}
