using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Validation;

/// <summary>Exhausted tenant segment pools and subnet address pools.</summary>
public sealed class PoolExhaustionTests
{
    private static readonly CallerContext s_tenant = CallerContext.Tenant("tenant-a");

    [Fact]
    public async Task CreateNetworkAsync_when_every_tenant_vlan_is_allocated_throws_no_network_available_with_neutrons_message_and_store_unchanged()
    {
        await using var host = TestHost.Create(o =>
        {
            o.Vlan.NetworkVlanRanges = ["physnet1:100:101"];
            o.TenantNetworkTypes = ["vlan"];
        });
        var first = await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "n1" });
        var second = await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "n2" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<NoNetworkAvailableException>(
            async () => await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "n3" }));

        ex.Message.Should().Be("Unable to create the network. No tenant network is available for allocation.");
        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet1").Should().Equal(100, 101);
        var segments = new[] { first, second }.Select(async n => (await host.Plugin.GetNetworkAsync(TestHost.Admin, n.Id)).Segments.Single().SegmentationId);
        (await Task.WhenAll(segments)).Should().BeEquivalentTo(new long?[] { 100, 101 });
    }

    [Fact]
    public async Task CreateNetworkAsync_when_first_tenant_type_is_exhausted_allocates_from_the_next_type_then_fails()
    {
        await using var host = TestHost.Create(o =>
        {
            o.Vlan.NetworkVlanRanges = ["physnet1:100:100"];
            o.Vxlan.VniRanges = ["1000:1000"];
            o.TenantNetworkTypes = ["vlan", "vxlan"];
        });

        var first = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n1" });
        var second = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n2" });
        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<NoNetworkAvailableException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n3" }));

        first.Segments.Single().ToProviderSegment().Should().Be(new ProviderSegment(NetworkTypes.Vlan, "physnet1", 100));
        second.Segments.Single().ToProviderSegment().Should().Be(new ProviderSegment(NetworkTypes.Vxlan, null, 1000));
        ex.Message.Should().Be("Unable to create the network. No tenant network is available for allocation.");
    }

    [Fact]
    public async Task CreateNetworkAsync_when_a_tenant_vlan_is_released_allocates_it_again()
    {
        await using var host = TestHost.Create(o =>
        {
            o.Vlan.NetworkVlanRanges = ["physnet1:100:100"];
            o.TenantNetworkTypes = ["vlan"];
        });
        var first = await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "n1" });
        await host.Plugin.DeleteNetworkAsync(s_tenant, first.Id);

        var second = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n2" });

        second.Segments.Single().SegmentationId.Should().Be(100);
        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet1").Should().Equal(100);
    }

    [Fact]
    public async Task CreatePortAsync_when_every_address_of_a_29_is_allocated_throws_ip_address_generation_failure_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "small" });
        var subnet = await host.Plugin.CreateSubnetAsync(s_tenant, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/29" });
        var addresses = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var port = await host.Plugin.CreatePortAsync(s_tenant, new PortCreateRequest { NetworkId = network.Id });
            addresses.Add(port.FixedIps.Single().IpAddress);
        }

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<IpAddressGenerationFailureException>(
            async () => await host.Plugin.CreatePortAsync(s_tenant, new PortCreateRequest { NetworkId = network.Id }));

        subnet.GatewayIp.Should().Be("10.0.0.1");
        addresses.Should().BeEquivalentTo(["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"]);
        ex.NetworkId.Should().Be(network.Id);
        ex.Message.Should().Be($"No more IP addresses available on network {network.Id}.");
    }

    [Fact]
    public async Task CreatePortAsync_when_a_29_is_full_but_an_address_is_freed_allocates_that_address()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "small" });
        await host.Plugin.CreateSubnetAsync(s_tenant, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/29" });
        var ports = new List<Port>();
        for (var i = 0; i < 5; i++)
        {
            ports.Add(await host.Plugin.CreatePortAsync(s_tenant, new PortCreateRequest { NetworkId = network.Id }));
        }

        await host.Plugin.DeletePortAsync(s_tenant, ports[2].Id);
        var again = await host.Plugin.CreatePortAsync(s_tenant, new PortCreateRequest { NetworkId = network.Id });

        again.FixedIps.Single().IpAddress.Should().Be(ports[2].FixedIps.Single().IpAddress);
    }
}
