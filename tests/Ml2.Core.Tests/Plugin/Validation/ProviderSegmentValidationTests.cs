using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Validation;

/// <summary>
/// Provider attributes and multi-provider segments: validated by the type drivers before anything is reserved.
/// Host defaults: vlan physnet1:100:199 and physnet2:200:209, vxlan 1000:1999, gre 1:100, flat physnet1/physnet3.
/// </summary>
public sealed class ProviderSegmentValidationTests
{
    [Theory]
    [InlineData("foo", null, null, "provider:network_type", "foo", "network_type value 'foo' not supported")]
    [InlineData("vlan", "physnet1", 0L, "provider:segmentation_id", "0", "segmentation_id out of range (1 through 4094)")]
    [InlineData("vlan", "physnet1", 4095L, "provider:segmentation_id", "4095", "segmentation_id out of range (1 through 4094)")]
    [InlineData("vlan", "physnetX", 100L, "provider:physical_network", "physnetX", "physical_network 'physnetX' unknown for VLAN provider network")]
    [InlineData("vxlan", null, 0L, "provider:segmentation_id", "0", null)]
    [InlineData("vxlan", null, 16777216L, "provider:segmentation_id", "16777216", null)]
    [InlineData("gre", null, 4294967296L, "provider:segmentation_id", "4294967296", null)]
    [InlineData("flat", "physnet2", null, "provider:physical_network", "physnet2", "physical_network 'physnet2' unknown for flat provider network")]
    [InlineData("local", null, 5L, "provider:segmentation_id", "5", "segmentation_id prohibited for local provider network")]
    public async Task CreateNetworkAsync_when_provider_segment_is_invalid_throws_invalid_input_naming_field_and_value_and_store_unchanged(
        string networkType, string? physicalNetwork, long? segmentationId, string field, string value, string? neutronDetail)
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "existing" });
        var request = new NetworkCreateRequest { Name = "bad", NetworkType = networkType, PhysicalNetwork = physicalNetwork, SegmentationId = segmentationId };

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, request));

        ex.ShouldName(field, value);
        if (neutronDetail is not null)
        {
            ex.Detail.Should().Be(neutronDetail);
        }
    }

    [Fact]
    public async Task CreateNetworkAsync_when_invalid_segment_is_in_segments_list_throws_invalid_input_and_reserves_nothing()
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "existing" });
        var request = new NetworkCreateRequest
        {
            Segments = [new ProviderSegment(NetworkTypes.Vlan, "physnet1", 150), new ProviderSegment(NetworkTypes.Vxlan, null, 16777216)],
        };

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, request));

        ex.ShouldName("provider:segmentation_id", "16777216");
        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet1").Should().NotContain(150);
    }

    [Fact]
    public async Task CreateNetworkAsync_when_provider_attributes_and_segments_are_both_set_throws_invalid_input_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "existing" });
        var request = new NetworkCreateRequest
        {
            NetworkType = NetworkTypes.Vlan,
            PhysicalNetwork = "physnet1",
            SegmentationId = 150,
            Segments = [new ProviderSegment(NetworkTypes.Vxlan, null, 1500)],
        };

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, request));

        ex.Field.Should().Be("segments");
        ex.Detail.Should().Be("Segments and provider values cannot both be set.");
        ex.Field.Should().Be("segments");
    }

    [Fact]
    public async Task CreateNetworkAsync_when_segments_contain_the_same_full_segment_twice_throws_invalid_input_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "existing" });
        var request = new NetworkCreateRequest
        {
            Segments = [new ProviderSegment(NetworkTypes.Vlan, "physnet1", 150), new ProviderSegment(NetworkTypes.Vxlan, null, 1500), new ProviderSegment(NetworkTypes.Vlan, "physnet1", 150)],
        };

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, request));

        ex.ShouldName("segments", "vlan:physnet1:150");
        ex.Detail.Should().Be("Duplicate segment entry in request.");
    }

    [Fact]
    public async Task CreateNetworkAsync_when_vlan_is_in_use_throws_segment_in_use_with_neutrons_message_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { NetworkType = NetworkTypes.Vlan, PhysicalNetwork = "physnet1", SegmentationId = 100 });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<SegmentInUseException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { NetworkType = NetworkTypes.Vlan, PhysicalNetwork = "physnet1", SegmentationId = 100 }));

        ex.Message.Should().Be("Unable to create the network. The VLAN 100 on physical network physnet1 is in use.");
        ex.NetworkType.Should().Be(NetworkTypes.Vlan);
        ex.PhysicalNetwork.Should().Be("physnet1");
        ex.SegmentationId.Should().Be(100);
        (await host.Plugin.ListNetworksAsync(TestHost.Admin)).Should().ContainSingle();
    }

    [Fact]
    public async Task CreateNetworkAsync_when_later_segment_is_in_use_rolls_back_the_earlier_reservations()
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { NetworkType = NetworkTypes.Vxlan, SegmentationId = 1500 });
        var request = new NetworkCreateRequest
        {
            Segments = [new ProviderSegment(NetworkTypes.Vlan, "physnet1", 150), new ProviderSegment(NetworkTypes.Vlan, "physnet2"), new ProviderSegment(NetworkTypes.Vxlan, null, 1500)],
        };

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<SegmentInUseException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, request));

        ex.Message.Should().Be("Unable to create the network. The tunnel ID 1500 is in use.");
        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet1").Should().BeEmpty();
        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet2").Should().BeEmpty();
    }

    [Fact]
    public async Task CreateNetworkAsync_when_requested_mtu_exceeds_the_segment_mtu_throws_invalid_input_and_releases_the_segment()
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "existing" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest
            {
                NetworkType = NetworkTypes.Vlan, PhysicalNetwork = "physnet1", SegmentationId = 150, Mtu = 1501,
            }));

        ex.ShouldName("mtu", "1501");
        ex.Detail.Should().Be("Requested MTU is too big, maximum is 1500");
        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet1").Should().NotContain(150);
    }

    [Fact]
    public async Task CreateNetworkAsync_when_requested_mtu_exceeds_the_vxlan_mtu_throws_invalid_input_naming_the_vxlan_maximum()
    {
        await using var host = TestHost.Create(o => o.TenantNetworkTypes = ["vxlan"]);
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "existing" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(CallerContext.Tenant("tenant-a"), new NetworkCreateRequest { Mtu = 1451 }));

        ex.ShouldName("mtu", "1451");
        ex.Detail.Should().Be("Requested MTU is too big, maximum is 1450");
        (await host.Plugin.CreateNetworkAsync(CallerContext.Tenant("tenant-a"), new NetworkCreateRequest { Mtu = 1450 })).Mtu.Should().Be(1450);
    }

    [Theory]
    [InlineData(67)]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task CreateNetworkAsync_when_requested_mtu_is_too_small_throws_invalid_input_and_store_unchanged(int mtu)
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "existing" });
        var value = mtu.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Mtu = mtu }));

        ex.ShouldName("mtu", value);
        ex.ErrorType.Should().Be("HTTPBadRequest");
        ex.Detail.Should().Be(mtu < 0 ? $"'{value}' should be non-negative" : $"'{value}' is too small - must be at least '68'");
    }
}
