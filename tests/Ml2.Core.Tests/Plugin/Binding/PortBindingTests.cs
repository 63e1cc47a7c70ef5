using Ml2.Contexts;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Drivers;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Binding;

/// <summary>Port binding: levels, retries, hierarchical binding with dynamic segments, loop guard, backtracking, commit races.</summary>
public sealed class PortBindingTests
{
    private static readonly CallerContext Admin = TestHost.Admin;

    /// <summary>Binds any segment of the given types on the given hosts.</summary>
    private static Func<PortContext, CancellationToken, ValueTask> Binds(string[] hosts, params string[] types) => (context, _) =>
    {
        if (hosts.Contains(context.Host))
        {
            var segment = context.SegmentsToBind!.FirstOrDefault(s => types.Contains(s.NetworkType));
            if (segment is not null)
            {
                context.SetBinding(segment.Id, VifTypes.Ovs, ExtensionAttributes.From(("port_filter", true)), ResourceStatus.Active);
            }
        }

        return default;
    };

    /// <summary>Maps a VXLAN segment to a dynamic VLAN on <paramref name="physnet"/> and continues binding.</summary>
    private static Func<PortContext, CancellationToken, ValueTask> Tor(string physnet) => async (context, ct) =>
    {
        var vxlan = context.SegmentsToBind!.FirstOrDefault(s => s.NetworkType == NetworkTypes.Vxlan);
        if (vxlan is null)
        {
            return;
        }

        var vlan = await context.AllocateDynamicSegmentAsync(new ProviderSegment(NetworkTypes.Vlan, physnet), ct);
        context.ContinueBinding(vxlan.Id, [vlan]);
    };

    private static async Task<(Network Network, Subnet Subnet)> NetworkWithSubnet(TestHost host, NetworkCreateRequest? request = null)
    {
        var network = await host.Plugin.CreateNetworkAsync(Admin, request ?? new NetworkCreateRequest { Name = "n" });
        var subnet = await host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        return (network, subnet);
    }

    [Fact]
    public async Task CreatePortAsync_with_host_binds_one_level_and_commits_through_update_hooks()
    {
        await using var host = TestHost.WithRecorders(out var d, "agent");
        d[0].Bind = Binds(["h1"], NetworkTypes.Vlan);
        var (network, _) = await NetworkWithSubnet(host);
        host.Log.Clear();

        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1" });

        port.Binding.VifType.Should().Be(VifTypes.Ovs);
        port.Binding.VifDetails["port_filter"].GetBoolean().Should().BeTrue();
        port.Binding.Levels.Should().Equal(new PortBindingLevel(0, "agent", network.Segments[0].Id));
        port.Status.Should().Be(ResourceStatus.Active);
        host.Log.Calls.Should().Equal("agent:create_port_precommit", "agent:create_port_postcommit", "agent:bind_port", "agent:update_port_precommit", "agent:update_port_postcommit");
        (await host.Plugin.GetPortAsync(Admin, port.Id)).Should().Be(port);
    }

    [Fact]
    public async Task CreatePortAsync_when_no_driver_binds_tries_max_bind_times_then_binding_failed_and_down()
    {
        await using var host = TestHost.WithRecorders(out var d, "a", "b");
        var (network, _) = await NetworkWithSubnet(host);

        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "nowhere" });

        port.Binding.VifType.Should().Be(VifTypes.BindingFailed);
        port.Status.Should().Be(ResourceStatus.Down);
        port.Binding.Levels.Should().BeEmpty();
        d[0].BindCalls.Should().Be(10);
        d[1].BindCalls.Should().Be(10);
    }

    [Fact]
    public async Task CreatePortAsync_hierarchical_allocates_dynamic_vlan_and_reuses_it_for_the_next_port()
    {
        await using var host = TestHost.WithRecorders(o => o.TenantNetworkTypes = ["vxlan"], out var d, "tor", "agent");
        d[0].Bind = Tor("physnet1");
        d[1].Bind = Binds(["h1"], NetworkTypes.Vlan);
        var (network, _) = await NetworkWithSubnet(host);
        var vxlan = network.Segments.Should().ContainSingle().Which;
        vxlan.NetworkType.Should().Be(NetworkTypes.Vxlan);

        var first = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1" });
        var second = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1" });

        var withDynamic = await host.Plugin.GetNetworkAsync(Admin, network.Id);
        var dynamic = withDynamic.Segments.Should().ContainSingle(s => s.IsDynamic).Which;
        dynamic.NetworkType.Should().Be(NetworkTypes.Vlan);
        dynamic.PhysicalNetwork.Should().Be("physnet1");
        dynamic.SegmentationId.Should().BeInRange(100, 199);
        first.Binding.Levels.Should().Equal(new PortBindingLevel(0, "tor", vxlan.Id), new PortBindingLevel(1, "agent", dynamic.Id));
        second.Binding.Levels.Should().Equal(first.Binding.Levels);
        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet1").Should().Equal(dynamic.SegmentationId!.Value);
    }

    [Fact]
    public async Task Bind_port_when_lower_level_cannot_bind_backtracks_to_next_driver()
    {
        await using var host = TestHost.WithRecorders(o => o.TenantNetworkTypes = ["vxlan"], out var d, "tor", "direct", "agent");
        d[0].Bind = Tor("physnet2");   // continues to a dynamic VLAN on physnet2, which no driver below can bind
        d[2].Bind = (context, ct) => context.SegmentsToBind!.Any(s => s.PhysicalNetwork == "physnet2") ? default : Binds(["h1"], NetworkTypes.Vlan)(context, ct);
        d[1].Bind = Binds(["h1"], NetworkTypes.Vxlan);
        var (network, _) = await NetworkWithSubnet(host);

        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1" });

        port.Binding.Levels.Should().Equal(new PortBindingLevel(0, "direct", network.Segments[0].Id));
        port.Binding.VifType.Should().Be(VifTypes.Ovs);
    }

    [Fact]
    public async Task Bind_port_loop_guard_driver_is_not_asked_to_bind_a_segment_it_bound_above()
    {
        await using var host = TestHost.WithRecorders(out var d, "loop", "agent");
        d[0].Bind = (context, _) =>
        {
            var segment = context.SegmentsToBind![0];
            context.ContinueBinding(segment.Id, [segment]);
            return default;
        };
        d[1].Bind = Binds(["h1"], NetworkTypes.Vlan);
        var (network, _) = await NetworkWithSubnet(host);

        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1" });

        var segmentId = network.Segments[0].Id;
        port.Binding.Levels.Should().Equal(new PortBindingLevel(0, "loop", segmentId), new PortBindingLevel(1, "agent", segmentId));
        d[0].BindCalls.Should().Be(1);
    }

    [Fact]
    public async Task Bind_port_when_levels_exceed_maximum_binding_fails()
    {
        await using var host = TestHost.WithRecorders(o => { o.TenantNetworkTypes = ["vxlan"]; o.MaxBindingLevels = 1; o.MaxBindTries = 1; }, out var d, "tor", "agent");
        d[0].Bind = Tor("physnet1");
        d[1].Bind = Binds(["h1"], NetworkTypes.Vlan);
        var (network, _) = await NetworkWithSubnet(host);

        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1" });

        port.Binding.VifType.Should().Be(VifTypes.BindingFailed);
        d[0].BindCalls.Should().Be(1);
        d[1].BindCalls.Should().Be(1, "the agent is only asked at the top level, where there is no VLAN; level 1 is beyond the maximum");
    }

    [Fact]
    public async Task Bind_port_when_driver_throws_tries_next_driver()
    {
        await using var host = TestHost.WithRecorders(out var d, "broken", "agent");
        d[0].Bind = (_, _) => throw new InvalidOperationException("switch unreachable");
        d[1].Bind = Binds(["h1"], NetworkTypes.Vlan);
        var (network, _) = await NetworkWithSubnet(host);

        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1" });

        port.Binding.Levels.Should().ContainSingle().Which.DriverName.Should().Be("agent");
    }

    [Fact]
    public async Task UpdatePortAsync_when_host_changes_unbinds_sets_down_and_rebinds()
    {
        await using var host = TestHost.WithRecorders(out var d, "agent");
        d[0].Bind = Binds(["h1"], NetworkTypes.Vlan);
        var (network, _) = await NetworkWithSubnet(host);
        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1" });
        string? statusSeenInPrecommit = null;
        string? vifSeenInPrecommit = null;
        d[0].OnHook = (context, transaction) =>
        {
            if (context is PortContext p && transaction is not null && statusSeenInPrecommit is null)
            {
                statusSeenInPrecommit = p.Status;
                vifSeenInPrecommit = p.VifType;
            }

            return default;
        };

        var moved = await host.Plugin.UpdatePortAsync(Admin, port.Id, new PortUpdateRequest { HostId = "h2" });

        statusSeenInPrecommit.Should().Be(ResourceStatus.Down);
        vifSeenInPrecommit.Should().Be(VifTypes.Unbound);
        moved.Binding.HostId.Should().Be("h2");
        moved.Binding.VifType.Should().Be(VifTypes.BindingFailed, "no driver serves h2");
        moved.Binding.Levels.Should().BeEmpty();
        moved.Status.Should().Be(ResourceStatus.Down);
    }

    [Fact]
    public async Task UpdatePortAsync_of_binding_failed_port_retries_binding()
    {
        await using var host = TestHost.WithRecorders(out var d, "agent");
        var (network, _) = await NetworkWithSubnet(host);
        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1" });
        port.Binding.VifType.Should().Be(VifTypes.BindingFailed);

        d[0].Bind = Binds(["h1"], NetworkTypes.Vlan);
        var updated = await host.Plugin.UpdatePortAsync(Admin, port.Id, new PortUpdateRequest { Name = "any change" });

        updated.Binding.VifType.Should().Be(VifTypes.Ovs);
        updated.Status.Should().Be(ResourceStatus.Active);
    }

    [Fact]
    public async Task Bind_port_when_host_changes_while_binding_result_for_old_host_is_discarded()
    {
        await using var host = TestHost.WithRecorders(out var d, "agent");
        var (network, _) = await NetworkWithSubnet(host);
        var bound = Binds(["h1", "h2"], NetworkTypes.Vlan);
        string? portId = null;
        var raced = false;
        d[0].Bind = async (context, ct) =>
        {
            if (!raced && context.Host == "h1" && portId is not null)
            {
                raced = true;   // a concurrent API call moves the port while this binding is in flight
                await host.Plugin.UpdatePortAsync(Admin, portId, new PortUpdateRequest { HostId = "h2" }, ct);
            }

            await bound(context, ct);
        };
        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id });
        portId = port.Id;

        var result = await host.Plugin.UpdatePortAsync(Admin, port.Id, new PortUpdateRequest { HostId = "h1" });

        raced.Should().BeTrue();
        result.Binding.HostId.Should().Be("h2");
        result.Binding.VifType.Should().Be(VifTypes.Ovs);
        (await host.Plugin.GetPortAsync(Admin, port.Id)).Binding.HostId.Should().Be("h2");
    }

    [Fact]
    public async Task Bind_port_port_without_fixed_ips_only_l_2_drivers_are_asked()
    {
        await using var host = TestHost.WithRecorders(out var d, "l3", "l2");
        d[0].Bind = Binds(["h1"], NetworkTypes.Vlan);
        d[1].Connectivity = MechanismDriverConnectivity.L2;
        d[1].Bind = Binds(["h1"], NetworkTypes.Vlan);
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "no-subnet" });

        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1" });

        port.FixedIps.Should().BeEmpty();
        port.Binding.Levels.Should().ContainSingle().Which.DriverName.Should().Be("l2");
        d[0].BindCalls.Should().Be(0);
    }

    [Fact]
    public async Task Allocate_dynamic_segment_in_precommit_is_refused()
    {
        await using var host = TestHost.WithRecorders(out var d, "a");
        Exception? refused = null;
        d[0].OnHook = async (context, transaction) =>
        {
            if (context is PortContext port && transaction is not null)
            {
                refused = await Record.ExceptionAsync(() => port.AllocateDynamicSegmentAsync(new ProviderSegment(NetworkTypes.Vlan, "physnet1")).AsTask());
            }
        };
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "n" });

        await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id });

        refused.Should().BeOfType<InvalidOperationException>();
    }

    [Fact]
    public async Task Release_dynamic_segment_from_postcommit_frees_the_vlan()
    {
        await using var host = TestHost.WithRecorders(o => o.TenantNetworkTypes = ["vxlan"], out var d, "tor", "agent");
        d[0].Bind = Tor("physnet1");
        d[1].Bind = Binds(["h1"], NetworkTypes.Vlan);
        d[0].OnHook = async (context, transaction) =>
        {
            if (context is PortContext port && transaction is null && port.Original is null && port.Current.Binding.Levels.Count == 2
                && host.Log.Calls[^1] == "tor:delete_port_postcommit")
            {
                await port.ReleaseDynamicSegmentAsync(port.Current.Binding.Levels[1].SegmentId);
            }
        };
        var (network, _) = await NetworkWithSubnet(host);
        var port = await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "h1" });
        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet1").Should().HaveCount(1);

        await host.Plugin.DeletePortAsync(Admin, port.Id);

        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet1").Should().BeEmpty();
        (await host.Plugin.GetNetworkAsync(Admin, network.Id)).Segments.Should().ContainSingle(s => !s.IsDynamic);
    }
}
