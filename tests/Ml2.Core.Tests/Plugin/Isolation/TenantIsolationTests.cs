using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Isolation;

/// <summary>Neutron's default policy between projects: another project's private resources do not exist for a caller.</summary>
public sealed class TenantIsolationTests
{
    private static readonly CallerContext s_tenantA = CallerContext.Tenant("tenant-a");
    private static readonly CallerContext s_tenantB = CallerContext.Tenant("tenant-b");

    [Fact]
    public async Task GetNetworkAsync_when_network_is_another_tenants_private_network_throws_not_found()
    {
        await using var host = TestHost.Create();
        var (network, _, _) = await CreatePrivateResourcesAsync(host, s_tenantA);

        var act = async () => await host.Plugin.GetNetworkAsync(s_tenantB, network.Id);

        var ex = (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which;
        ex.ResourceType.Should().Be("Network");
        ex.Id.Should().Be(network.Id);
        ex.Message.Should().Be($"Network {network.Id} could not be found.");
    }

    [Fact]
    public async Task UpdateNetworkAsync_when_network_is_another_tenants_private_network_throws_not_found_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var (network, _, _) = await CreatePrivateResourcesAsync(host, s_tenantA);
        var before = StoreSnapshot.Capture(host.Store);

        var act = async () => await host.Plugin.UpdateNetworkAsync(s_tenantB, network.Id, new NetworkUpdateRequest { Name = "stolen" });

        (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which.Id.Should().Be(network.Id);
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task DeleteNetworkAsync_when_network_is_another_tenants_private_network_throws_not_found_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var (network, _, port) = await CreatePrivateResourcesAsync(host, s_tenantA);
        await host.Plugin.DeletePortAsync(s_tenantA, port.Id);
        var before = StoreSnapshot.Capture(host.Store);

        var act = async () => await host.Plugin.DeleteNetworkAsync(s_tenantB, network.Id);

        (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which.Id.Should().Be(network.Id);
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task CreatePortAsync_when_network_is_another_tenants_private_network_throws_not_found_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var (network, _, _) = await CreatePrivateResourcesAsync(host, s_tenantA);
        var before = StoreSnapshot.Capture(host.Store);

        var act = async () => await host.Plugin.CreatePortAsync(s_tenantB, new PortCreateRequest { NetworkId = network.Id, Name = "intruder" });

        var ex = (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which;
        ex.ResourceType.Should().Be("Network");
        ex.Id.Should().Be(network.Id);
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task CreateSubnetAsync_when_network_is_another_tenants_private_network_throws_not_found_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var (network, _, _) = await CreatePrivateResourcesAsync(host, s_tenantA);
        var before = StoreSnapshot.Capture(host.Store);

        var act = async () => await host.Plugin.CreateSubnetAsync(s_tenantB, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.9.0.0/24" });

        (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which.Id.Should().Be(network.Id);
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task GetSubnetAsync_when_subnet_is_on_another_tenants_private_network_throws_not_found()
    {
        await using var host = TestHost.Create();
        var (_, subnet, _) = await CreatePrivateResourcesAsync(host, s_tenantA);

        var act = async () => await host.Plugin.GetSubnetAsync(s_tenantB, subnet.Id);

        var ex = (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which;
        ex.ResourceType.Should().Be("Subnet");
        ex.Id.Should().Be(subnet.Id);
    }

    [Fact]
    public async Task UpdateSubnetAsync_when_subnet_is_on_another_tenants_private_network_throws_not_found_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var (_, subnet, _) = await CreatePrivateResourcesAsync(host, s_tenantA);
        var before = StoreSnapshot.Capture(host.Store);

        var act = async () => await host.Plugin.UpdateSubnetAsync(s_tenantB, subnet.Id, new SubnetUpdateRequest { Name = "stolen" });

        (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which.Id.Should().Be(subnet.Id);
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task DeleteSubnetAsync_when_subnet_is_on_another_tenants_private_network_throws_not_found_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var (_, subnet, port) = await CreatePrivateResourcesAsync(host, s_tenantA);
        await host.Plugin.DeletePortAsync(s_tenantA, port.Id);
        var before = StoreSnapshot.Capture(host.Store);

        var act = async () => await host.Plugin.DeleteSubnetAsync(s_tenantB, subnet.Id);

        (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which.Id.Should().Be(subnet.Id);
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task GetPortAsync_when_port_is_another_tenants_port_throws_not_found()
    {
        await using var host = TestHost.Create();
        var (_, _, port) = await CreatePrivateResourcesAsync(host, s_tenantA);

        var act = async () => await host.Plugin.GetPortAsync(s_tenantB, port.Id);

        var ex = (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which;
        ex.ResourceType.Should().Be("Port");
        ex.Id.Should().Be(port.Id);
    }

    [Fact]
    public async Task UpdatePortAsync_when_port_is_another_tenants_port_throws_not_found_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var (_, _, port) = await CreatePrivateResourcesAsync(host, s_tenantA);
        var before = StoreSnapshot.Capture(host.Store);

        var act = async () => await host.Plugin.UpdatePortAsync(s_tenantB, port.Id, new PortUpdateRequest { Name = "stolen", DeviceId = "vm-b" });

        (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which.Id.Should().Be(port.Id);
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task DeletePortAsync_when_port_is_another_tenants_port_throws_not_found_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var (_, _, port) = await CreatePrivateResourcesAsync(host, s_tenantA);
        var before = StoreSnapshot.Capture(host.Store);

        var act = async () => await host.Plugin.DeletePortAsync(s_tenantB, port.Id);

        (await act.Should().ThrowAsync<ResourceNotFoundException>()).Which.Id.Should().Be(port.Id);
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task ListAsync_when_another_tenant_owns_private_resources_returns_only_the_callers_own_and_shared()
    {
        await using var host = TestHost.Create();
        var (networkA, subnetA, portA) = await CreatePrivateResourcesAsync(host, s_tenantA);
        var (networkB, subnetB, portB) = await CreatePrivateResourcesAsync(host, s_tenantB);
        var shared = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "public", Shared = true });
        var sharedSubnet = await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = shared.Id, Cidr = "192.0.2.0/24" });
        var adminPortOnShared = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = shared.Id, Name = "router" });
        var portBOnShared = await host.Plugin.CreatePortAsync(s_tenantB, new PortCreateRequest { NetworkId = shared.Id, Name = "b-on-shared" });

        var networks = await host.Plugin.ListNetworksAsync(s_tenantB);
        var subnets = await host.Plugin.ListSubnetsAsync(s_tenantB);
        var ports = await host.Plugin.ListPortsAsync(s_tenantB);

        networks.Select(n => n.Id).Should().BeEquivalentTo([networkB.Id, shared.Id]);
        subnets.Select(s => s.Id).Should().BeEquivalentTo([subnetB.Id, sharedSubnet.Id]);
        ports.Select(p => p.Id).Should().BeEquivalentTo([portB.Id, portBOnShared.Id]);
        networks.Should().NotContain(n => n.Id == networkA.Id);
        subnets.Should().NotContain(s => s.Id == subnetA.Id);
        ports.Should().NotContain(p => p.Id == portA.Id || p.Id == adminPortOnShared.Id);
    }

    [Fact]
    public async Task ListAsync_when_caller_is_admin_returns_every_tenants_resources()
    {
        await using var host = TestHost.Create();
        var (networkA, subnetA, portA) = await CreatePrivateResourcesAsync(host, s_tenantA);
        var (networkB, subnetB, portB) = await CreatePrivateResourcesAsync(host, s_tenantB);

        (await host.Plugin.ListNetworksAsync(TestHost.Admin)).Select(n => n.Id).Should().BeEquivalentTo([networkA.Id, networkB.Id]);
        (await host.Plugin.ListSubnetsAsync(TestHost.Admin)).Select(s => s.Id).Should().BeEquivalentTo([subnetA.Id, subnetB.Id]);
        (await host.Plugin.ListPortsAsync(TestHost.Admin)).Select(p => p.Id).Should().BeEquivalentTo([portA.Id, portB.Id]);
        (await host.Plugin.GetNetworkAsync(TestHost.Admin, networkA.Id)).TenantId.Should().Be("tenant-a");
        (await host.Plugin.GetSubnetAsync(TestHost.Admin, subnetB.Id)).TenantId.Should().Be("tenant-b");
        (await host.Plugin.GetPortAsync(TestHost.Admin, portA.Id)).TenantId.Should().Be("tenant-a");
    }

    [Fact]
    public async Task GetNetworkAsync_when_network_is_shared_by_another_tenant_returns_it()
    {
        await using var host = TestHost.Create();
        var shared = await CreateSharedNetworkOfAAsync(host);

        var seen = await host.Plugin.GetNetworkAsync(s_tenantB, shared.Id);

        seen.Id.Should().Be(shared.Id);
        seen.TenantId.Should().Be("tenant-a");
        seen.Shared.Should().BeTrue();
        (await host.Plugin.ListNetworksAsync(s_tenantB)).Select(n => n.Id).Should().Equal(shared.Id);
    }

    [Fact]
    public async Task CreatePortAsync_when_network_is_shared_by_another_tenant_creates_port_owned_by_caller()
    {
        await using var host = TestHost.Create();
        var shared = await CreateSharedNetworkOfAAsync(host);
        var subnet = await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = shared.Id, TenantId = "tenant-a", Cidr = "10.20.0.0/24" });

        var port = await host.Plugin.CreatePortAsync(s_tenantB, new PortCreateRequest { NetworkId = shared.Id, Name = "b-port" });

        port.TenantId.Should().Be("tenant-b");
        port.NetworkId.Should().Be(shared.Id);
        port.FixedIps.Should().ContainSingle().Which.SubnetId.Should().Be(subnet.Id);
        (await host.Plugin.GetPortAsync(s_tenantB, port.Id)).Name.Should().Be("b-port");
        (await host.Plugin.GetSubnetAsync(s_tenantB, subnet.Id)).Id.Should().Be(subnet.Id);
    }

    [Fact]
    public async Task GetPortAsync_when_port_is_on_the_callers_network_but_owned_by_another_tenant_returns_it_to_the_network_owner()
    {
        await using var host = TestHost.Create();
        var shared = await CreateSharedNetworkOfAAsync(host);
        var portB = await host.Plugin.CreatePortAsync(s_tenantB, new PortCreateRequest { NetworkId = shared.Id, Name = "b-port" });
        var portA = await host.Plugin.CreatePortAsync(s_tenantA, new PortCreateRequest { NetworkId = shared.Id, Name = "a-port" });

        (await host.Plugin.GetPortAsync(s_tenantA, portB.Id)).TenantId.Should().Be("tenant-b");
        (await host.Plugin.ListPortsAsync(s_tenantA)).Select(p => p.Id).Should().BeEquivalentTo([portA.Id, portB.Id]);
        (await host.Plugin.ListPortsAsync(s_tenantB)).Select(p => p.Id).Should().Equal(portB.Id);
        var act = async () => await host.Plugin.GetPortAsync(s_tenantB, portA.Id);
        await act.Should().ThrowAsync<ResourceNotFoundException>();
    }

    [Fact]
    public async Task UpdateNetworkAsync_when_network_is_shared_by_another_tenant_throws_not_authorized_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var shared = await CreateSharedNetworkOfAAsync(host);
        var before = StoreSnapshot.Capture(host.Store);

        var act = async () => await host.Plugin.UpdateNetworkAsync(s_tenantB, shared.Id, new NetworkUpdateRequest { Name = "mine-now" });

        (await act.Should().ThrowAsync<NotAuthorizedException>()).Which.Rule.Should().Contain("update_network");
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task DeleteNetworkAsync_when_network_is_shared_by_another_tenant_throws_not_authorized_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var shared = await CreateSharedNetworkOfAAsync(host);
        var before = StoreSnapshot.Capture(host.Store);

        var act = async () => await host.Plugin.DeleteNetworkAsync(s_tenantB, shared.Id);

        (await act.Should().ThrowAsync<NotAuthorizedException>()).Which.Rule.Should().Contain("delete_network");
        StoreSnapshot.Capture(host.Store).Should().Be(before);
        (await host.Plugin.GetNetworkAsync(s_tenantA, shared.Id)).Id.Should().Be(shared.Id);
    }

    [Fact]
    public async Task UpdateSubnetAsync_when_subnet_is_on_another_tenants_shared_network_throws_not_authorized_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var shared = await CreateSharedNetworkOfAAsync(host);
        var subnet = await host.Plugin.CreateSubnetAsync(s_tenantA, new SubnetCreateRequest { NetworkId = shared.Id, Cidr = "10.20.0.0/24" });
        var before = StoreSnapshot.Capture(host.Store);

        var act = async () => await host.Plugin.UpdateSubnetAsync(s_tenantB, subnet.Id, new SubnetUpdateRequest { Name = "mine-now" });

        await act.Should().ThrowAsync<NotAuthorizedException>();
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task CreateSubnetAsync_when_network_is_shared_by_another_tenant_throws_not_authorized_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var shared = await CreateSharedNetworkOfAAsync(host);
        var before = StoreSnapshot.Capture(host.Store);

        var act = async () => await host.Plugin.CreateSubnetAsync(s_tenantB, new SubnetCreateRequest { NetworkId = shared.Id, Cidr = "10.30.0.0/24" });

        await act.Should().ThrowAsync<NotAuthorizedException>();
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    private static async Task<Network> CreateSharedNetworkOfAAsync(TestHost host) =>
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { TenantId = "tenant-a", Name = "a-shared", Shared = true });

    private static async Task<(Network Network, Subnet Subnet, Port Port)> CreatePrivateResourcesAsync(TestHost host, CallerContext tenant)
    {
        var network = await host.Plugin.CreateNetworkAsync(tenant, new NetworkCreateRequest { Name = $"{tenant.TenantId}-net" });
        var third = tenant.TenantId == "tenant-a" ? 1 : 2;
        var subnet = await host.Plugin.CreateSubnetAsync(tenant, new SubnetCreateRequest { NetworkId = network.Id, Cidr = $"10.{third}.0.0/24", Name = $"{tenant.TenantId}-subnet" });
        var port = await host.Plugin.CreatePortAsync(tenant, new PortCreateRequest { NetworkId = network.Id, Name = $"{tenant.TenantId}-port", DeviceId = "vm", DeviceOwner = "compute:nova" });
        return (network, subnet, port);
    }
}
