using Ml2.Core.Tests.Infrastructure;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Isolation;

/// <summary>What non-admins see: no segments of a network, only the vnic type of a port's binding; admins see everything.</summary>
public sealed class NonAdminReadViewTests
{
    private static readonly CallerContext s_tenantA = CallerContext.Tenant("tenant-a");
    private static readonly CallerContext s_tenantB = CallerContext.Tenant("tenant-b");

    [Fact]
    public async Task Create_and_get_network_async_when_caller_is_not_admin_return_no_segments()
    {
        await using var host = TestHost.Create();

        var created = await host.Plugin.CreateNetworkAsync(s_tenantA, new NetworkCreateRequest { Name = "net" });
        var read = await host.Plugin.GetNetworkAsync(s_tenantA, created.Id);
        var listed = await host.Plugin.ListNetworksAsync(s_tenantA);
        var asAdmin = await host.Plugin.GetNetworkAsync(TestHost.Admin, created.Id);

        created.Segments.Should().BeEmpty();
        read.Segments.Should().BeEmpty();
        listed.Should().ContainSingle().Which.Segments.Should().BeEmpty();
        var segment = asAdmin.Segments.Should().ContainSingle().Subject;
        segment.NetworkType.Should().Be(NetworkTypes.Vlan);
        segment.PhysicalNetwork.Should().NotBeNull();
        segment.SegmentationId.Should().NotBeNull();
    }

    [Fact]
    public async Task GetNetworkAsync_when_non_admin_reads_shared_provider_network_returns_no_segments()
    {
        await using var host = TestHost.Create();
        var shared = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest
        {
            Name = "provider", Shared = true, NetworkType = NetworkTypes.Vlan, PhysicalNetwork = "physnet1", SegmentationId = 120,
        });

        var read = await host.Plugin.GetNetworkAsync(s_tenantB, shared.Id);
        var listed = await host.Plugin.ListNetworksAsync(s_tenantB);

        shared.Segments.Should().ContainSingle().Which.SegmentationId.Should().Be(120);
        read.Segments.Should().BeEmpty();
        read.Mtu.Should().Be(shared.Mtu);
        listed.Should().ContainSingle().Which.Segments.Should().BeEmpty();
    }

    [Fact]
    public async Task GetPortAsync_when_caller_is_not_admin_returns_only_the_vnic_type_of_the_binding()
    {
        await using var host = TestHost.WithRecorders(out var drivers, "agent");
        drivers[0].Bind = (context, _) =>
        {
            context.SetBinding(context.SegmentsToBind![0].Id, VifTypes.Ovs, ExtensionAttributes.From(("port_filter", true)), ResourceStatus.Active);
            return ValueTask.CompletedTask;
        };
        var network = await host.Plugin.CreateNetworkAsync(s_tenantA, new NetworkCreateRequest { Name = "net" });
        await host.Plugin.CreateSubnetAsync(s_tenantA, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        var nova = new CallerContext("tenant-a", IsAdmin: true);

        var created = await host.Plugin.CreatePortAsync(nova, new PortCreateRequest
        {
            NetworkId = network.Id,
            HostId = "compute-1",
            VnicType = VnicTypes.Direct,
            Profile = ExtensionAttributes.From(("pci_slot", "0000:00:1f.0")),
            DeviceOwner = "compute:nova",
        });
        var asTenant = await host.Plugin.GetPortAsync(s_tenantA, created.Id);
        var listedAsTenant = (await host.Plugin.ListPortsAsync(s_tenantA)).Should().ContainSingle().Subject;
        var asAdmin = await host.Plugin.GetPortAsync(TestHost.Admin, created.Id);

        created.Binding.HostId.Should().Be("compute-1");
        created.Binding.VifType.Should().Be(VifTypes.Ovs);
        asAdmin.Binding.HostId.Should().Be("compute-1");
        asAdmin.Binding.VifType.Should().Be(VifTypes.Ovs);
        asAdmin.Binding.Profile.Should().ContainKey("pci_slot");
        asAdmin.Binding.VifDetails.Should().ContainKey("port_filter");
        asAdmin.Binding.Levels.Should().ContainSingle().Which.DriverName.Should().Be("agent");
        foreach (var view in new[] { asTenant, listedAsTenant })
        {
            view.Id.Should().Be(created.Id);
            view.Binding.VnicType.Should().Be(VnicTypes.Direct);
            view.Binding.HostId.Should().BeEmpty();
            view.Binding.VifType.Should().Be(VifTypes.Unbound);
            view.Binding.Profile.Should().BeEmpty();
            view.Binding.VifDetails.Should().BeEmpty();
            view.Binding.Levels.Should().BeEmpty();
            view.MacAddress.Should().Be(asAdmin.MacAddress);
            view.FixedIps.Should().Equal(asAdmin.FixedIps);
        }
    }

    [Fact]
    public async Task UpdatePortAsync_when_caller_is_not_admin_returns_only_the_vnic_type_of_the_binding()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(s_tenantA, new NetworkCreateRequest { Name = "net" });
        var port = await host.Plugin.CreatePortAsync(new CallerContext("tenant-a", IsAdmin: true), new PortCreateRequest { NetworkId = network.Id, HostId = "compute-1" });

        var updated = await host.Plugin.UpdatePortAsync(s_tenantA, port.Id, new PortUpdateRequest { Name = "renamed" });
        var asAdmin = await host.Plugin.GetPortAsync(TestHost.Admin, port.Id);

        updated.Name.Should().Be("renamed");
        updated.Binding.HostId.Should().BeEmpty();
        updated.Binding.VifType.Should().Be(VifTypes.Unbound);
        updated.Binding.VnicType.Should().Be(VnicTypes.Normal);
        asAdmin.Binding.HostId.Should().Be("compute-1");
        asAdmin.Binding.VifType.Should().Be(VifTypes.BindingFailed);
    }
}
