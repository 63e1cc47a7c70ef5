using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Isolation;

/// <summary>List filters by Neutron attribute name: repeated values are OR, several attributes are AND, unknown attributes are bad input.</summary>
public sealed class ListFilterTests
{
    private static readonly CallerContext s_tenantA = CallerContext.Tenant("tenant-a");

    [Fact]
    public async Task ListNetworksAsync_when_filtered_by_name_returns_the_matching_networks_in_creation_order()
    {
        await using var host = TestHost.Create();
        var (alpha1, _, alpha2) = await CreateNetworksAsync(host);

        var result = await host.Plugin.ListNetworksAsync(TestHost.Admin, ListFilter.Where("name", "alpha"));

        result.Select(n => n.Id).Should().Equal(alpha1.Id, alpha2.Id);
    }

    [Fact]
    public async Task ListNetworksAsync_when_filtered_by_several_ids_returns_either_network()
    {
        await using var host = TestHost.Create();
        var (alpha1, beta, _) = await CreateNetworksAsync(host);

        var result = await host.Plugin.ListNetworksAsync(TestHost.Admin, ListFilter.Where("id", beta.Id, alpha1.Id, "no-such-id"));

        result.Select(n => n.Id).Should().Equal(alpha1.Id, beta.Id);
    }

    [Fact]
    public async Task ListNetworksAsync_when_filtered_by_name_and_tenant_returns_only_networks_matching_both()
    {
        await using var host = TestHost.Create();
        var (_, _, alpha2) = await CreateNetworksAsync(host);

        var result = await host.Plugin.ListNetworksAsync(TestHost.Admin, ListFilter.Where("name", "alpha").And("tenant_id", "tenant-b"));

        result.Select(n => n.Id).Should().Equal(alpha2.Id);
    }

    [Fact]
    public async Task ListNetworksAsync_when_non_admin_filters_returns_only_visible_matches()
    {
        await using var host = TestHost.Create();
        var (alpha1, _, _) = await CreateNetworksAsync(host);

        var result = await host.Plugin.ListNetworksAsync(s_tenantA, ListFilter.Where("name", "alpha"));

        result.Select(n => n.Id).Should().Equal(alpha1.Id);
    }

    [Fact]
    public async Task ListPortsAsync_when_filtered_by_network_id_returns_the_ports_of_that_network()
    {
        await using var host = TestHost.Create();
        var ports = await CreatePortsAsync(host);

        var result = await host.Plugin.ListPortsAsync(TestHost.Admin, ListFilter.Where("network_id", ports.Network1.Id));

        result.Select(p => p.Id).Should().Equal(ports.P1.Id, ports.P2.Id);
    }

    [Fact]
    public async Task ListPortsAsync_when_filtered_by_device_id_returns_the_ports_of_that_device()
    {
        await using var host = TestHost.Create();
        var ports = await CreatePortsAsync(host);

        var result = await host.Plugin.ListPortsAsync(TestHost.Admin, ListFilter.Where("device_id", "vm-1"));

        result.Select(p => p.Id).Should().Equal(ports.P1.Id, ports.P3.Id);
    }

    [Fact]
    public async Task ListPortsAsync_when_filtered_by_binding_host_returns_the_ports_bound_to_that_host()
    {
        await using var host = TestHost.Create();
        var ports = await CreatePortsAsync(host);

        var result = await host.Plugin.ListPortsAsync(TestHost.Admin, ListFilter.Where("binding:host_id", "compute-2"));

        result.Select(p => p.Id).Should().Equal(ports.P2.Id, ports.P3.Id);
    }

    [Fact]
    public async Task ListPortsAsync_when_one_attribute_has_repeated_values_returns_ports_matching_any_value()
    {
        await using var host = TestHost.Create();
        var ports = await CreatePortsAsync(host);

        var viaParams = await host.Plugin.ListPortsAsync(TestHost.Admin, ListFilter.Where("name", "p1", "p4"));
        var viaAnd = await host.Plugin.ListPortsAsync(TestHost.Admin, ListFilter.Where("name", "p1").And("name", "p4"));

        viaParams.Select(p => p.Id).Should().Equal(ports.P1.Id, ports.P4.Id);
        viaAnd.Select(p => p.Id).Should().Equal(ports.P1.Id, ports.P4.Id);
    }

    [Fact]
    public async Task ListPortsAsync_when_several_attributes_are_given_returns_ports_matching_all()
    {
        await using var host = TestHost.Create();
        var ports = await CreatePortsAsync(host);

        var result = await host.Plugin.ListPortsAsync(
            TestHost.Admin,
            ListFilter.Where("network_id", ports.Network1.Id, ports.Network2.Id).And("device_id", "vm-1").And("binding:host_id", "compute-2"));
        var none = await host.Plugin.ListPortsAsync(TestHost.Admin, ListFilter.Where("network_id", ports.Network1.Id).And("name", "p3"));

        result.Select(p => p.Id).Should().Equal(ports.P3.Id);
        none.Should().BeEmpty();
    }

    [Fact]
    public async Task ListSubnetsAsync_when_filtered_by_network_id_returns_the_subnets_of_that_network()
    {
        await using var host = TestHost.Create();
        var ports = await CreatePortsAsync(host);
        var extra = await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = ports.Network1.Id, Cidr = "10.1.1.0/24" });

        var result = await host.Plugin.ListSubnetsAsync(TestHost.Admin, ListFilter.Where("network_id", ports.Network1.Id));

        result.Select(s => s.NetworkId).Should().OnlyContain(id => id == ports.Network1.Id);
        result.Should().HaveCount(2).And.Contain(s => s.Id == extra.Id);
    }

    [Theory]
    [InlineData(ResourceKind.Network)]
    [InlineData(ResourceKind.Subnet)]
    [InlineData(ResourceKind.Port)]
    public async Task ListAsync_when_filter_attribute_is_unknown_throws_invalid_input_naming_it(ResourceKind kind)
    {
        await using var host = TestHost.Create();
        await CreatePortsAsync(host);
        var filter = ListFilter.Where("name", "p1").And("flavour", "vanilla");

        Func<Task> act = kind switch
        {
            ResourceKind.Network => async () => await host.Plugin.ListNetworksAsync(TestHost.Admin, filter),
            ResourceKind.Subnet => async () => await host.Plugin.ListSubnetsAsync(TestHost.Admin, filter),
            _ => async () => await host.Plugin.ListPortsAsync(TestHost.Admin, filter),
        };

        var ex = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        ex.Field.Should().Be("flavour");
        ex.Value.Should().Be("vanilla");
        ex.Field.Should().Be("flavour");
        ex.Value.Should().Be("vanilla");
    }

    private static async Task<(Network Alpha1, Network Beta, Network Alpha2)> CreateNetworksAsync(TestHost host)
    {
        var alpha1 = await host.Plugin.CreateNetworkAsync(s_tenantA, new NetworkCreateRequest { Name = "alpha" });
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var beta = await host.Plugin.CreateNetworkAsync(s_tenantA, new NetworkCreateRequest { Name = "beta" });
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var alpha2 = await host.Plugin.CreateNetworkAsync(CallerContext.Tenant("tenant-b"), new NetworkCreateRequest { Name = "alpha" });
        host.Time.Advance(TimeSpan.FromSeconds(1));
        return (alpha1, beta, alpha2);
    }

    private static async Task<PortSet> CreatePortsAsync(TestHost host)
    {
        var network1 = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n1" });
        var network2 = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n2" });
        await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network1.Id, Cidr = "10.1.0.0/24" });
        await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network2.Id, Cidr = "10.2.0.0/24" });
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var p1 = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network1.Id, Name = "p1", DeviceId = "vm-1", HostId = "compute-1" });
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var p2 = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network1.Id, Name = "p2", DeviceId = "vm-2", HostId = "compute-2" });
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var p3 = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network2.Id, Name = "p3", DeviceId = "vm-1", HostId = "compute-2" });
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var p4 = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network2.Id, Name = "p4", DeviceId = "vm-3" });
        host.Time.Advance(TimeSpan.FromSeconds(1));
        return new PortSet(network1, network2, p1, p2, p3, p4);
    }

    private sealed record PortSet(Network Network1, Network Network2, Port P1, Port P2, Port P3, Port P4);
}
