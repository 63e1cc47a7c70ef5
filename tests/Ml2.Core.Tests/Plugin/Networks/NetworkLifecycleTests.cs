using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Networks;

public sealed class NetworkLifecycleTests
{
    private static readonly CallerContext Admin = TestHost.Admin;

    [Theory]
    [InlineData("vlan", 1500)]
    [InlineData("vxlan", 1450)]
    [InlineData("gre", 1458)]
    [InlineData("geneve", 1450)]
    public async Task CreateNetworkAsync_tenant_network_gets_type_mtu_and_a_segment_from_the_first_tenant_type(string type, int mtu)
    {
        await using var host = TestHost.Create(o => o.TenantNetworkTypes = [type]);

        var network = await host.Plugin.CreateNetworkAsync(CallerContext.Tenant("demo"), new NetworkCreateRequest { Name = "n" });

        network.Mtu.Should().Be(mtu);
        var segment = (await host.Plugin.GetNetworkAsync(Admin, network.Id)).Segments.Should().ContainSingle().Which;
        segment.NetworkType.Should().Be(type);
        segment.SegmentationId.Should().NotBeNull();
    }

    [Fact]
    public async Task CreateNetworkAsync_tenant_types_tried_in_order_falls_back_when_first_is_exhausted()
    {
        await using var host = TestHost.Create(o => { o.Vlan.NetworkVlanRanges = ["physnet1:100:100"]; o.TenantNetworkTypes = ["vlan", "vxlan"]; });

        var first = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest());
        var second = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest());

        first.Segments[0].Should().Match<NetworkSegment>(s => s.NetworkType == "vlan" && s.SegmentationId == 100);
        second.Segments[0].NetworkType.Should().Be("vxlan");
    }

    [Fact]
    public async Task CreateNetworkAsync_multi_segment_reserves_each_and_uses_the_smallest_mtu()
    {
        await using var host = TestHost.Create();

        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest
        {
            Segments = [new ProviderSegment("vlan", "physnet1", 150), new ProviderSegment("vxlan", null, 1500)],
        });

        network.Segments.Select(s => (s.NetworkType, s.SegmentationId)).Should().Equal(("vlan", 150L), ("vxlan", 1500L));
        network.Mtu.Should().Be(1450);
        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet1").Should().Equal(150);
        StoreSnapshot.AllocatedIds(host.Store, "vxlan").Should().Equal(1500);
    }

    [Fact]
    public async Task DeleteNetworkAsync_releases_segments_subnets_and_dhcp_ports()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { NetworkType = "vlan", PhysicalNetwork = "physnet1", SegmentationId = 120 });
        var subnet = await host.Plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.9.0.0/24" });
        await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id, DeviceOwner = DeviceOwners.Dhcp });

        await host.Plugin.DeleteNetworkAsync(Admin, network.Id);

        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet1").Should().BeEmpty();
        StoreSnapshot.AllocatedIds(host.Store, $"ip:{subnet.Id}").Should().BeEmpty();
        (await host.Plugin.ListPortsAsync(Admin)).Should().BeEmpty();
        (await host.Plugin.ListSubnetsAsync(Admin)).Should().BeEmpty();
    }

    [Fact]
    public async Task UpdateNetworkAsync_vlan_segmentation_id_moves_the_reservation()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { NetworkType = "vlan", PhysicalNetwork = "physnet1", SegmentationId = 120 });

        var updated = await host.Plugin.UpdateNetworkAsync(Admin, network.Id, new NetworkUpdateRequest { SegmentationId = 130 });

        updated.Segments[0].SegmentationId.Should().Be(130);
        updated.RevisionNumber.Should().Be(network.RevisionNumber + 1);
        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet1").Should().Equal(130);
    }

    [Fact]
    public async Task UpdateNetworkAsync_segmentation_id_of_vxlan_network_is_refused_with_neutron_wording()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { NetworkType = "vxlan", SegmentationId = 1100 });
        var before = StoreSnapshot.Capture(host.Store);

        var act = () => host.Plugin.UpdateNetworkAsync(Admin, network.Id, new NetworkUpdateRequest { SegmentationId = 1200 }).AsTask();

        (await act.Should().ThrowAsync<InvalidInputException>()).Which.Detail.Should().Be("Only VLAN type networks can be updated.");
        StoreSnapshot.Capture(host.Store).Should().Be(before);
    }

    [Fact]
    public async Task Operations_are_counted_by_the_meter_and_traced_by_the_activity_source()
    {
        await using var host = TestHost.Create();
        var counted = new List<string>();
        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Ml2" && instrument.Name == "ml2.operations")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meterListener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "ml2.operation")
                {
                    counted.Add((string)tag.Value!);
                }
            }
        });
        meterListener.Start();
        var activities = new List<string>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Ml2",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity => activities.Add(activity.OperationName),
        };
        ActivitySource.AddActivityListener(activityListener);

        var network = await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest());
        await host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id });

        counted.Should().Contain(["create_network", "create_port"]);
        activities.Should().Contain(["ml2.create_network", "ml2.create_port"]);
    }
}
