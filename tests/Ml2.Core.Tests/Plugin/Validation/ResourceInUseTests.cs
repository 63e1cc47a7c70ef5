using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Validation;

/// <summary>Deleting networks and subnets that ports still use (Neutron's NetworkInUse / SubnetInUse).</summary>
public sealed class ResourceInUseTests
{
    private static readonly CallerContext s_tenant = CallerContext.Tenant("tenant-a");

    [Fact]
    public async Task DeleteNetworkAsync_when_a_compute_port_is_on_it_throws_network_in_use_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "net" });
        await host.Plugin.CreateSubnetAsync(s_tenant, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        await host.Plugin.CreatePortAsync(s_tenant, new PortCreateRequest { NetworkId = network.Id, DeviceId = "vm-1", DeviceOwner = "compute:nova" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ResourceInUseException>(
            async () => await host.Plugin.DeleteNetworkAsync(s_tenant, network.Id));

        ex.ResourceType.Should().Be("Network");
        ex.Id.Should().Be(network.Id);
        ex.Message.Should().Be($"Unable to complete operation on network {network.Id}. There are one or more ports still in use on the network.");
    }

    [Fact]
    public async Task DeleteNetworkAsync_when_only_a_dhcp_port_is_on_it_deletes_network_port_subnet_and_releases_every_id()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { NetworkType = NetworkTypes.Vlan, PhysicalNetwork = "physnet1", SegmentationId = 150 });
        var subnet = await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, DeviceOwner = DeviceOwners.Dhcp });

        await host.Plugin.DeleteNetworkAsync(TestHost.Admin, network.Id);

        (await host.Plugin.ListNetworksAsync(TestHost.Admin)).Should().BeEmpty();
        (await host.Plugin.ListSubnetsAsync(TestHost.Admin)).Should().BeEmpty();
        (await host.Plugin.ListPortsAsync(TestHost.Admin)).Should().BeEmpty();
        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet1").Should().BeEmpty();
        StoreSnapshot.AllocatedIds(host.Store, $"ip:{subnet.Id}").Should().BeEmpty();
    }

    [Fact]
    public async Task DeleteSubnetAsync_when_a_port_holds_an_address_from_it_throws_subnet_in_use_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "net" });
        var subnet = await host.Plugin.CreateSubnetAsync(s_tenant, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        await host.Plugin.CreatePortAsync(s_tenant, new PortCreateRequest { NetworkId = network.Id });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ResourceInUseException>(
            async () => await host.Plugin.DeleteSubnetAsync(s_tenant, subnet.Id));

        ex.ResourceType.Should().Be("Subnet");
        ex.Id.Should().Be(subnet.Id);
        ex.Message.Should().Be($"Unable to complete operation on subnet {subnet.Id}: One or more ports have an IP allocation from this subnet.");
    }

    [Fact]
    public async Task DeleteSubnetAsync_when_the_ports_address_was_moved_to_another_subnet_deletes_the_subnet()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "net" });
        var first = await host.Plugin.CreateSubnetAsync(s_tenant, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        var second = await host.Plugin.CreateSubnetAsync(s_tenant, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.1.0/24" });
        var port = await host.Plugin.CreatePortAsync(s_tenant, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(first.Id)] });

        await host.Plugin.UpdatePortAsync(s_tenant, port.Id, new PortUpdateRequest { FixedIps = [new FixedIpRequest(second.Id)] });
        await host.Plugin.DeleteSubnetAsync(s_tenant, first.Id);

        (await host.Plugin.ListSubnetsAsync(s_tenant)).Select(s => s.Id).Should().Equal(second.Id);
        StoreSnapshot.AllocatedIds(host.Store, $"ip:{first.Id}").Should().BeEmpty();
        StoreSnapshot.AllocatedIds(host.Store, $"ip:{second.Id}").Should().ContainSingle();
    }
}
