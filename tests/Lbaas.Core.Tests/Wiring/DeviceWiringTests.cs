using Lbaas.Wiring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Model;
using Ml2.Plugin;

namespace Lbaas.Core.Tests.Wiring;

/// <summary>Wiring on the real in-memory ML2 plugin: which ports are created, bound, reused and removed.</summary>
public sealed class DeviceWiringTests : IAsyncLifetime
{
    private const string PoolStart = "10.0.0.10";
    private const string PoolEnd = "10.0.0.50";
    private static readonly IReadOnlySet<string> s_noNetworks = new HashSet<string>(StringComparer.Ordinal);

    private WiringTestHost _host = null!;
    private Network _vipNet = null!;
    private Subnet _vipSubnet = null!;
    private Network _netA = null!;
    private Network _netB = null!;

    private IDeviceWiring Wiring => _host.Wiring;

    public async Task InitializeAsync()
    {
        _host = await WiringTestHost.CreateAsync();
        _vipNet = await _host.CreateNetworkAsync("vip");
        _vipSubnet = await _host.CreateSubnetAsync(_vipNet.Id, "10.0.0.0/24", PoolStart, PoolEnd);
        _netA = await _host.CreateNetworkAsync("members-a");
        await _host.CreateSubnetAsync(_netA.Id, "192.168.1.0/24");
        _netB = await _host.CreateNetworkAsync("members-b");
        await _host.CreateSubnetAsync(_netB.Id, "192.168.2.0/24");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private LoadBalancer Lb(string id, string? memberNetworkId) =>
        WiringTestHost.LoadBalancer(id, _vipNet.Id, _vipSubnet.Id, memberNetworkId);

    private static HashSet<string> Networks(params string[] ids) => new(ids, StringComparer.Ordinal);

    [Fact]
    public async Task WireAsync_when_device_is_not_wired_creates_vip_port_and_two_bound_device_ports()
    {
        var device = WiringTestHost.Device();

        var result = await Wiring.WireAsync(device, Lb("lb-1", _netA.Id), CancellationToken.None);

        var ports = await _host.PortsAsync();
        ports.Should().HaveCount(3);

        var vip = ports.Single(p => p.Id == result.VipPortId);
        vip.NetworkId.Should().Be(_vipNet.Id);
        vip.TenantId.Should().Be(WiringTestHost.Tenant);
        vip.Name.Should().Be("lb-vip-lb-1");
        vip.DeviceOwner.Should().Be(DeviceOwners.LoadBalancer);
        vip.DeviceId.Should().Be("lb-1");
        vip.Binding.HostId.Should().BeEmpty("the VIP is an address the device carries, not an attachment");
        vip.Binding.VifType.Should().Be(VifTypes.Unbound);
        vip.FixedIps.Should().ContainSingle().Which.SubnetId.Should().Be(_vipSubnet.Id);
        result.VipAddress.Should().Be(vip.FixedIps[0].IpAddress);
        WiringTestHost.InRange(result.VipAddress, PoolStart, PoolEnd).Should().BeTrue($"{result.VipAddress} must come from the VIP subnet's pool");

        result.DevicePortIds.Should().HaveCount(2).And.ContainKeys(_vipNet.Id, _netA.Id);
        result.UnboundDevicePortIds.Should().BeEmpty();
        foreach (var (networkId, portId) in result.DevicePortIds)
        {
            var port = ports.Single(p => p.Id == portId);
            var network = await _host.Ml2.GetNetworkAsync(WiringTestHost.Admin, networkId);
            port.NetworkId.Should().Be(networkId);
            port.TenantId.Should().Be(WiringTestHost.Operator);
            port.Name.Should().Be($"lb-device-dev-1-{networkId}");
            port.DeviceOwner.Should().Be(DeviceOwners.LoadBalancer);
            port.DeviceId.Should().Be("dev-1");
            port.Binding.HostId.Should().Be(WiringTestHost.DeviceHost);
            port.Binding.VifType.Should().Be(VifTypes.Other);
            port.Status.Should().Be(ResourceStatus.Active);
            port.Binding.Levels.Should().ContainSingle().Which.Should().Be(
                new PortBindingLevel(0, SwitchMechanismDriver.DriverName, network.Segments.Single().Id));
            port.FixedIps.Should().ContainSingle();
        }

        _host.Switch.Bound.Select(b => b.PortId).Should().BeEquivalentTo(result.DevicePortIds.Values);
        _host.Switch.Bound.Should().OnlyContain(b => b.HostId == WiringTestHost.DeviceHost);
    }

    [Fact]
    public async Task WireAsync_when_vip_subnet_is_not_given_allocates_one_address_from_an_ipv_4_subnet_of_the_network()
    {
        var dual = await _host.CreateNetworkAsync("dual");
        await _host.CreateSubnetAsync(dual.Id, "2001:db8::/64");
        var v4 = await _host.CreateSubnetAsync(dual.Id, "172.16.0.0/24");

        var result = await Wiring.WireAsync(
            WiringTestHost.Device(), WiringTestHost.LoadBalancer("lb-1", dual.Id, vipSubnetId: null, memberNetworkId: null), CancellationToken.None);

        var vip = await _host.Ml2.GetPortAsync(WiringTestHost.Admin, result.VipPortId);
        vip.FixedIps.Should().ContainSingle().Which.SubnetId.Should().Be(v4.Id);
        result.VipAddress.Should().StartWith("172.16.0.");
    }

    [Fact]
    public async Task WireAsync_when_vip_port_exists_shows_it_to_the_load_balancers_project_but_not_the_device_ports()
    {
        var result = await Wiring.WireAsync(WiringTestHost.Device(), Lb("lb-1", _netA.Id), CancellationToken.None);

        var seenByTenant = await _host.Ml2.ListPortsAsync(CallerContext.Tenant(WiringTestHost.Tenant),
            ListFilter.Where("device_owner", DeviceOwners.LoadBalancer).And("tenant_id", WiringTestHost.Tenant));

        seenByTenant.Should().ContainSingle().Which.Id.Should().Be(result.VipPortId);
    }

    [Fact]
    public async Task WireAsync_when_second_load_balancer_uses_same_device_and_networks_reuses_device_ports_and_adds_only_a_vip_port()
    {
        var device = WiringTestHost.Device();
        var first = await Wiring.WireAsync(device, Lb("lb-1", _netA.Id), CancellationToken.None);
        var created = _host.Switch.Created.Count;

        var second = await Wiring.WireAsync(device, Lb("lb-2", _netA.Id), CancellationToken.None);

        second.DevicePortIds.Should().Equal(first.DevicePortIds);
        second.VipPortId.Should().NotBe(first.VipPortId);
        second.VipAddress.Should().NotBe(first.VipAddress);
        _host.Switch.Created.Skip(created).Should().Equal(second.VipPortId);
        (await _host.PortsAsync()).Should().HaveCount(4);
    }

    [Fact]
    public async Task WireAsync_when_called_again_for_same_load_balancer_returns_same_ports_and_creates_nothing()
    {
        var device = WiringTestHost.Device();
        var first = await Wiring.WireAsync(device, Lb("lb-1", _netA.Id), CancellationToken.None);
        var created = _host.Switch.Created.Count;

        var again = await Wiring.WireAsync(device, Lb("lb-1", _netA.Id), CancellationToken.None);

        again.VipPortId.Should().Be(first.VipPortId);
        again.VipAddress.Should().Be(first.VipAddress);
        again.DevicePortIds.Should().Equal(first.DevicePortIds);
        _host.Switch.Created.Should().HaveCount(created);
    }

    [Fact]
    public async Task WireAsync_when_vip_port_id_is_known_reuses_that_port()
    {
        var device = WiringTestHost.Device();
        var first = await Wiring.WireAsync(device, Lb("lb-1", _netA.Id), CancellationToken.None);

        var again = await Wiring.WireAsync(device, Lb("lb-1", _netA.Id) with { VipPortId = first.VipPortId, VipAddress = first.VipAddress }, CancellationToken.None);

        again.VipPortId.Should().Be(first.VipPortId);
        (await _host.PortsAsync()).Should().HaveCount(3);
    }

    [Fact]
    public async Task WireAsync_when_vip_port_id_names_a_foreign_port_leaves_it_alone_and_creates_the_vip_port()
    {
        var foreign = await _host.Ml2.CreatePortAsync(CallerContext.Tenant(WiringTestHost.Tenant), new PortCreateRequest { NetworkId = _vipNet.Id, DeviceId = "vm-1" });
        var lb = Lb("lb-1", _netA.Id) with { VipPortId = foreign.Id };

        var result = await Wiring.WireAsync(WiringTestHost.Device(), lb, CancellationToken.None);
        await Wiring.UnwireAsync(WiringTestHost.Device(), lb, s_noNetworks, CancellationToken.None);

        result.VipPortId.Should().NotBe(foreign.Id);
        (await _host.PortsAsync()).Should().ContainSingle().Which.Id.Should().Be(foreign.Id);
    }

    [Fact]
    public async Task WireAsync_when_vip_address_is_known_and_port_is_gone_recreates_the_port_with_the_same_address()
    {
        var device = WiringTestHost.Device();
        var lb = Lb("lb-1", _netA.Id);
        var first = await Wiring.WireAsync(device, lb, CancellationToken.None);
        await Wiring.UnwireAsync(device, lb, s_noNetworks, CancellationToken.None);

        var again = await Wiring.WireAsync(device, lb with { VipPortId = first.VipPortId, VipAddress = first.VipAddress }, CancellationToken.None);

        again.VipPortId.Should().NotBe(first.VipPortId);
        again.VipAddress.Should().Be(first.VipAddress);
    }

    [Fact]
    public async Task WireAsync_when_third_load_balancer_has_another_member_network_adds_one_device_port()
    {
        var device = WiringTestHost.Device();
        var first = await Wiring.WireAsync(device, Lb("lb-1", _netA.Id), CancellationToken.None);
        await Wiring.WireAsync(device, Lb("lb-2", _netA.Id), CancellationToken.None);
        var created = _host.Switch.Created.Count;

        var third = await Wiring.WireAsync(device, Lb("lb-3", _netB.Id), CancellationToken.None);

        third.DevicePortIds[_vipNet.Id].Should().Be(first.DevicePortIds[_vipNet.Id]);
        var newPort = third.DevicePortIds[_netB.Id];
        _host.Switch.Created.Skip(created).Should().BeEquivalentTo([third.VipPortId, newPort]);
        var port = await _host.Ml2.GetPortAsync(WiringTestHost.Admin, newPort);
        port.NetworkId.Should().Be(_netB.Id);
        port.DeviceId.Should().Be("dev-1");
        port.Binding.HostId.Should().Be(WiringTestHost.DeviceHost);
        port.Binding.VifType.Should().Be(VifTypes.Other);
        (await _host.PortsAsync()).Should().HaveCount(6);
    }

    [Fact]
    public async Task WireAsync_when_member_network_is_the_vip_network_creates_one_device_port()
    {
        var result = await Wiring.WireAsync(WiringTestHost.Device(), Lb("lb-1", _vipNet.Id), CancellationToken.None);

        result.DevicePortIds.Keys.Should().Equal(_vipNet.Id);
        (await _host.PortsAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task WireAsync_when_there_is_no_member_network_creates_only_the_vip_network_device_port()
    {
        var result = await Wiring.WireAsync(WiringTestHost.Device(), Lb("lb-1", memberNetworkId: null), CancellationToken.None);

        result.DevicePortIds.Keys.Should().Equal(_vipNet.Id);
        (await _host.PortsAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task WireAsync_when_two_devices_carry_one_load_balancer_shares_the_vip_port()
    {
        var lb = Lb("lb-1", _netA.Id) with { Topology = LoadBalancerTopologies.ActiveStandby };

        var active = await Wiring.WireAsync(WiringTestHost.Device("dev-1"), lb, CancellationToken.None);
        var standby = await Wiring.WireAsync(WiringTestHost.Device("dev-2"), lb, CancellationToken.None);

        standby.VipPortId.Should().Be(active.VipPortId);
        standby.VipAddress.Should().Be(active.VipAddress);
        standby.DevicePortIds.Values.Should().NotIntersectWith(active.DevicePortIds.Values);
        (await _host.PortsAsync()).Should().HaveCount(5);
    }

    [Fact]
    public async Task WireAsync_when_no_driver_serves_the_device_host_reports_unbound_device_ports()
    {
        var result = await Wiring.WireAsync(WiringTestHost.Device(host: "unknown-host"), Lb("lb-1", _netA.Id), CancellationToken.None);

        result.UnboundDevicePortIds.Should().BeEquivalentTo(result.DevicePortIds.Values);
        foreach (var portId in result.DevicePortIds.Values)
        {
            (await _host.Ml2.GetPortAsync(WiringTestHost.Admin, portId)).Binding.VifType.Should().Be(VifTypes.BindingFailed);
        }

        _host.Logs.Records.Count(e => e.EventId.Id == 2306 && e.Level == LogLevel.Warning).Should().Be(2);
    }

    [Fact]
    public async Task WireAsync_when_device_moved_to_another_host_rebinds_the_reused_ports_there()
    {
        _host.Switch.Hosts["lb-host-2"] = true;
        var first = await Wiring.WireAsync(WiringTestHost.Device(), Lb("lb-1", _netA.Id), CancellationToken.None);

        var second = await Wiring.WireAsync(WiringTestHost.Device(host: "lb-host-2"), Lb("lb-2", _netA.Id), CancellationToken.None);

        second.DevicePortIds.Should().Equal(first.DevicePortIds);
        foreach (var portId in second.DevicePortIds.Values)
        {
            var port = await _host.Ml2.GetPortAsync(WiringTestHost.Admin, portId);
            port.Binding.HostId.Should().Be("lb-host-2");
            port.Binding.VifType.Should().Be(VifTypes.Other);
        }
    }

    [Fact]
    public async Task UnwireAsync_when_other_load_balancers_still_use_the_networks_removes_only_the_vip_port()
    {
        var device = WiringTestHost.Device();
        var first = await Wiring.WireAsync(device, Lb("lb-1", _netA.Id), CancellationToken.None);
        var second = await Wiring.WireAsync(device, Lb("lb-2", _netA.Id), CancellationToken.None);

        await Wiring.UnwireAsync(device, Lb("lb-2", _netA.Id), Networks(_vipNet.Id, _netA.Id), CancellationToken.None);

        _host.Switch.Deleted.Should().Equal(second.VipPortId);
        (await _host.PortsAsync()).Select(p => p.Id).Should().BeEquivalentTo([first.VipPortId, .. first.DevicePortIds.Values]);
    }

    [Fact]
    public async Task UnwireAsync_when_one_network_is_no_longer_used_removes_that_device_port_and_keeps_the_others()
    {
        var device = WiringTestHost.Device();
        var first = await Wiring.WireAsync(device, Lb("lb-1", _netA.Id), CancellationToken.None);
        var third = await Wiring.WireAsync(device, Lb("lb-3", _netB.Id), CancellationToken.None);

        await Wiring.UnwireAsync(device, Lb("lb-3", _netB.Id), Networks(_vipNet.Id, _netA.Id), CancellationToken.None);

        _host.Switch.Deleted.Should().BeEquivalentTo([third.VipPortId, third.DevicePortIds[_netB.Id]]);
        (await _host.PortsAsync()).Select(p => p.Id).Should().BeEquivalentTo([first.VipPortId, .. first.DevicePortIds.Values]);
    }

    [Fact]
    public async Task UnwireAsync_when_the_last_load_balancer_leaves_removes_every_port()
    {
        var device = WiringTestHost.Device();
        await Wiring.WireAsync(device, Lb("lb-1", _netA.Id), CancellationToken.None);
        await Wiring.WireAsync(device, Lb("lb-2", _netA.Id), CancellationToken.None);
        await Wiring.WireAsync(device, Lb("lb-3", _netB.Id), CancellationToken.None);

        await Wiring.UnwireAsync(device, Lb("lb-3", _netB.Id), Networks(_vipNet.Id, _netA.Id), CancellationToken.None);
        await Wiring.UnwireAsync(device, Lb("lb-2", _netA.Id), Networks(_vipNet.Id, _netA.Id), CancellationToken.None);
        await Wiring.UnwireAsync(device, Lb("lb-1", _netA.Id), s_noNetworks, CancellationToken.None);

        (await _host.PortsAsync()).Should().BeEmpty();
        _host.Switch.Deleted.Should().HaveCount(_host.Switch.Created.Count);
    }

    [Fact]
    public async Task UnwireAsync_when_called_twice_succeeds_and_deletes_nothing_more()
    {
        var device = WiringTestHost.Device();
        var lb = Lb("lb-1", _netA.Id);
        var result = await Wiring.WireAsync(device, lb, CancellationToken.None);
        await Wiring.UnwireAsync(device, lb with { VipPortId = result.VipPortId }, s_noNetworks, CancellationToken.None);
        var deleted = _host.Switch.Deleted.Count;

        var again = async () => await Wiring.UnwireAsync(device, lb with { VipPortId = result.VipPortId }, s_noNetworks, CancellationToken.None);

        await again.Should().NotThrowAsync();
        _host.Switch.Deleted.Should().HaveCount(deleted);
    }

    [Fact]
    public async Task UnwireAsync_when_the_device_is_still_wired_for_another_load_balancers_vip_keeps_that_load_balancers_vip_port()
    {
        var device = WiringTestHost.Device();
        var first = await Wiring.WireAsync(device, Lb("lb-1", _netA.Id), CancellationToken.None);
        await Wiring.WireAsync(device, Lb("lb-2", _netA.Id), CancellationToken.None);

        await Wiring.UnwireAsync(device, Lb("lb-2", _netA.Id), s_noNetworks, CancellationToken.None);

        (await _host.PortsAsync()).Select(p => p.Id).Should().Equal(first.VipPortId);
    }

    [Fact]
    public async Task WireAsync_when_member_network_is_missing_throws_resource_not_found_and_leaves_no_port()
    {
        var act = async () => await Wiring.WireAsync(WiringTestHost.Device(), Lb("lb-1", "no-such-network"), CancellationToken.None);

        (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which.Id.Should().Be("no-such-network");
        (await _host.PortsAsync()).Should().BeEmpty();
        _host.Switch.Created.Should().BeEmpty();
    }

    [Fact]
    public async Task WireAsync_when_the_member_device_port_fails_deletes_the_ports_this_call_created_and_rethrows()
    {
        _host.Switch.FailCreateOnNetworkId = _netA.Id;

        var act = async () => await Wiring.WireAsync(WiringTestHost.Device(), Lb("lb-1", _netA.Id), CancellationToken.None);

        await act.Should().ThrowAsync<MechanismDriverException>();
        _host.Switch.Created.Should().HaveCount(2, "the VIP port and the VIP-network device port were created first");
        _host.Switch.Deleted.Should().BeEquivalentTo(_host.Switch.Created);
        (await _host.PortsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task WireAsync_when_a_port_fails_on_a_wired_device_keeps_the_reused_ports()
    {
        var device = WiringTestHost.Device();
        var first = await Wiring.WireAsync(device, Lb("lb-1", _netA.Id), CancellationToken.None);
        var before = (await _host.PortsAsync()).Select(p => p.Id).ToList();
        _host.Switch.FailCreateOnNetworkId = _netB.Id;

        var act = async () => await Wiring.WireAsync(device, Lb("lb-2", _netB.Id), CancellationToken.None);

        await act.Should().ThrowAsync<MechanismDriverException>();
        (await _host.PortsAsync()).Select(p => p.Id).Should().Equal(before);
        var deleted = _host.Switch.Deleted.Should().ContainSingle("only the new VIP port is removed").Which;
        before.Should().NotContain(deleted);
        (await _host.Ml2.GetPortAsync(WiringTestHost.Admin, first.DevicePortIds[_vipNet.Id])).Binding.VifType.Should().Be(VifTypes.Other);
    }

    [Fact]
    public async Task WireAsync_when_vip_subnet_does_not_exist_throws_invalid_input_and_leaves_no_port()
    {
        var lb = WiringTestHost.LoadBalancer("lb-1", _vipNet.Id, "no-such-subnet", _netA.Id);

        var act = async () => await Wiring.WireAsync(WiringTestHost.Device(), lb, CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Value.Should().Be("no-such-subnet");
        (await _host.PortsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task WireAsync_when_vip_subnet_belongs_to_another_network_throws_invalid_input_and_leaves_no_port()
    {
        var other = await _host.Ml2.ListSubnetsAsync(WiringTestHost.Admin, ListFilter.Where("network_id", _netA.Id));
        var lb = WiringTestHost.LoadBalancer("lb-1", _vipNet.Id, other[0].Id, _netA.Id);

        var act = async () => await Wiring.WireAsync(WiringTestHost.Device(), lb, CancellationToken.None);

        await act.Should().ThrowAsync<InvalidInputException>();
        (await _host.PortsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task WireAsync_when_vip_network_has_no_subnet_throws_invalid_input_and_leaves_no_port()
    {
        var bare = await _host.CreateNetworkAsync("bare");

        var act = async () => await Wiring.WireAsync(
            WiringTestHost.Device(), WiringTestHost.LoadBalancer("lb-1", bare.Id, vipSubnetId: null, _netA.Id), CancellationToken.None);

        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Field.Should().Be("vip_network_id");
        (await _host.PortsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task WireAsync_when_vip_subnet_is_full_throws_ip_address_generation_failure_and_leaves_no_port()
    {
        var tiny = await _host.CreateNetworkAsync("tiny");
        var subnet = await _host.CreateSubnetAsync(tiny.Id, "10.9.0.0/24", "10.9.0.10", "10.9.0.10");

        var act = async () => await Wiring.WireAsync(WiringTestHost.Device(), WiringTestHost.LoadBalancer("lb-1", tiny.Id, subnet.Id, null), CancellationToken.None);

        await act.Should().ThrowAsync<IpAddressGenerationFailureException>("the VIP takes the only address, the device port finds none");

        (await _host.PortsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task WireAsync_when_cancelled_before_starting_throws_and_creates_nothing()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var act = async () => await Wiring.WireAsync(WiringTestHost.Device(), Lb("lb-1", _netA.Id), cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await _host.PortsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task WireAsync_when_many_load_balancers_wire_one_device_concurrently_creates_each_device_port_once()
    {
        var device = WiringTestHost.Device();
        _host.Switch.YieldInCreatePrecommit = true;   // lets the wires interleave between "find the device port" and "create it"

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => await Wiring.WireAsync(device, Lb($"lb-{i}", i % 2 == 0 ? _netA.Id : _netB.Id), CancellationToken.None))));

        results.Select(r => r.DevicePortIds[_vipNet.Id]).Distinct().Should().ContainSingle();
        results.Where((_, i) => i % 2 == 0).Select(r => r.DevicePortIds[_netA.Id]).Distinct().Should().ContainSingle();
        results.Where((_, i) => i % 2 == 1).Select(r => r.DevicePortIds[_netB.Id]).Distinct().Should().ContainSingle();
        results.Select(r => r.VipAddress).Should().OnlyHaveUniqueItems();
        (await _host.PortsAsync()).Should().HaveCount(8 + 3);
    }

    [Fact]
    public async Task WireAsync_when_it_logs_uses_wiring_event_ids_and_never_the_device_credentials()
    {
        var device = WiringTestHost.Device();
        _host.Switch.FailCreateOnNetworkId = _netB.Id;
        await Wiring.WireAsync(device, Lb("lb-1", _netA.Id), CancellationToken.None);
        var failing = async () => await Wiring.WireAsync(device, Lb("lb-2", _netB.Id), CancellationToken.None);
        await failing.Should().ThrowAsync<MechanismDriverException>();
        await Wiring.UnwireAsync(device, Lb("lb-1", _netA.Id), s_noNetworks, CancellationToken.None);

        var wiring = _host.Logs.Records.Where(e => e.EventId.Id is >= 2300 and < 2400).ToList();
        wiring.Select(e => e.EventId.Id).Should().Contain([2300, 2301, 2303, 2304, 2307, 2309, 2310]);
        _host.Logs.Records.Should().NotContain(e => e.FullText.Contains("s3cr3t-Pa55", StringComparison.Ordinal) || e.FullText.Contains("op-user-7f3a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddLbaasWiring_when_service_project_is_configured_creates_device_ports_in_that_project()
    {
        await using var host = await WiringTestHost.CreateAsync(o => o.ServiceProjectId = "lbaas-service");
        var vip = await host.CreateNetworkAsync("vip");
        await host.CreateSubnetAsync(vip.Id, "10.0.0.0/24");

        var result = await host.Wiring.WireAsync(WiringTestHost.Device(), WiringTestHost.LoadBalancer("lb-1", vip.Id, null, null), CancellationToken.None);

        (await host.Ml2.GetPortAsync(WiringTestHost.Admin, result.DevicePortIds[vip.Id])).TenantId.Should().Be("lbaas-service");
        (await host.Ml2.GetPortAsync(WiringTestHost.Admin, result.VipPortId)).TenantId.Should().Be(WiringTestHost.Tenant);
    }

    [Fact]
    public void AddLbaasWiring_when_service_project_is_empty_fails_on_start_and_on_resolve()
    {
        var services = new ServiceCollection();
        services.AddMl2();
        services.AddLbaasWiring();
        services.AddLbaasWiring();
        services.Configure<DeviceWiringOptions>(o => o.ServiceProjectId = " ");
        using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(IDeviceWiring)).Should().Be(1);
        var start = () => provider.GetRequiredService<IStartupValidator>().Validate();
        start.Should().Throw<OptionsValidationException>().WithMessage("*ServiceProjectId*");
        var resolve = () => provider.GetRequiredService<IDeviceWiring>();
        resolve.Should().Throw<OptionsValidationException>();
    }
}
