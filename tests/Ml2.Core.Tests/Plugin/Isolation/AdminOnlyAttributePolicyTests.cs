using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Isolation;

/// <summary>Attributes only an admin may set: provider attributes, segments, shared, router:external, binding host/profile, another project.</summary>
public sealed class AdminOnlyAttributePolicyTests
{
    private static readonly CallerContext s_tenant = CallerContext.Tenant("tenant-a");

    [Theory]
    [InlineData("provider:network_type")]
    [InlineData("provider:physical_network")]
    [InlineData("provider:segmentation_id")]
    [InlineData("segments")]
    [InlineData("shared")]
    [InlineData("router:external")]
    public async Task CreateNetworkAsync_when_non_admin_sets_admin_only_attribute_throws_not_authorized_and_store_unchanged(string attribute)
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "existing" });
        var before = StoreSnapshot.Capture(host.Store);
        var request = attribute switch
        {
            "provider:network_type" => new NetworkCreateRequest { NetworkType = NetworkTypes.Vlan },
            "provider:physical_network" => new NetworkCreateRequest { PhysicalNetwork = "physnet1" },
            "provider:segmentation_id" => new NetworkCreateRequest { SegmentationId = 150 },
            "segments" => new NetworkCreateRequest { Segments = [new ProviderSegment(NetworkTypes.Vlan, "physnet1", 150)] },
            "shared" => new NetworkCreateRequest { Shared = true },
            _ => new NetworkCreateRequest { External = true },
        };

        var act = async () => await host.Plugin.CreateNetworkAsync(s_tenant, request with { Name = "sneaky" });

        var ex = (await act.Should().ThrowAsync<NotAuthorizedException>()).Which;
        ex.Rule.Should().StartWith("create_network");
        ex.Message.Should().Contain("disallowed by policy");
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Theory]
    [InlineData("binding:host_id")]
    [InlineData("binding:profile")]
    public async Task CreatePortAsync_when_non_admin_sets_admin_only_attribute_throws_not_authorized_and_store_unchanged(string attribute)
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "net" });
        await host.Plugin.CreateSubnetAsync(s_tenant, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        var before = StoreSnapshot.Capture(host.Store);
        var request = attribute switch
        {
            "binding:host_id" => new PortCreateRequest { NetworkId = network.Id, HostId = "compute-1" },
            _ => new PortCreateRequest { NetworkId = network.Id, Profile = ExtensionAttributes.From(("pci_slot", "0000:00:1f.0")) },
        };

        var act = async () => await host.Plugin.CreatePortAsync(s_tenant, request);

        var ex = (await act.Should().ThrowAsync<NotAuthorizedException>()).Which;
        ex.Rule.Should().Be($"create_port:{attribute}");
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Theory]
    [InlineData("network")]
    [InlineData("subnet")]
    [InlineData("port")]
    public async Task Create_when_non_admin_names_another_tenant_throws_http_bad_request_like_neutron_lib_and_store_unchanged(string resource)
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "net" });
        var before = StoreSnapshot.Capture(host.Store);

        Func<Task> act = resource switch
        {
            "network" => async () => await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { TenantId = "tenant-b" }),
            "subnet" => async () => await host.Plugin.CreateSubnetAsync(s_tenant, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24", TenantId = "tenant-b" }),
            _ => async () => await host.Plugin.CreatePortAsync(s_tenant, new PortCreateRequest { NetworkId = network.Id, TenantId = "tenant-b" }),
        };

        // neutron-lib's _validate_privileges: HTTPBadRequest (400), not a policy failure (403).
        var ex = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        ex.ErrorType.Should().Be("HTTPBadRequest");
        ex.Status.Should().Be(ErrorStatus.BadRequest);
        ex.Field.Should().Be("tenant_id");
        ex.Value.Should().Be("tenant-b");
        ex.Message.Should().Be("Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges");
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task UpdateAsync_when_non_admin_changes_admin_only_attributes_throws_not_authorized_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(s_tenant, new NetworkCreateRequest { Name = "net" });
        var port = await host.Plugin.CreatePortAsync(s_tenant, new PortCreateRequest { NetworkId = network.Id });
        var before = StoreSnapshot.Capture(host.Store);

        var shared = async () => await host.Plugin.UpdateNetworkAsync(s_tenant, network.Id, new NetworkUpdateRequest { Shared = true });
        var segmentation = async () => await host.Plugin.UpdateNetworkAsync(s_tenant, network.Id, new NetworkUpdateRequest { SegmentationId = 150 });
        var hostId = async () => await host.Plugin.UpdatePortAsync(s_tenant, port.Id, new PortUpdateRequest { HostId = "compute-1" });
        var mac = async () => await host.Plugin.UpdatePortAsync(s_tenant, port.Id, new PortUpdateRequest { MacAddress = "fa:16:3e:11:22:33" });

        await shared.Should().ThrowAsync<NotAuthorizedException>();
        await segmentation.Should().ThrowAsync<NotAuthorizedException>();
        await hostId.Should().ThrowAsync<NotAuthorizedException>();
        await mac.Should().ThrowAsync<NotAuthorizedException>();
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task CreateNetworkAsync_when_admin_sets_admin_only_attributes_creates_network_for_the_named_tenant()
    {
        await using var host = TestHost.Create();

        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest
        {
            TenantId = "tenant-a",
            Shared = true,
            External = true,
            NetworkType = NetworkTypes.Vlan,
            PhysicalNetwork = "physnet1",
            SegmentationId = 150,
        });

        network.TenantId.Should().Be("tenant-a");
        network.Shared.Should().BeTrue();
        network.External.Should().BeTrue();
        network.Segments.Should().ContainSingle().Which.ToProviderSegment().Should().Be(new ProviderSegment(NetworkTypes.Vlan, "physnet1", 150));
    }
}
