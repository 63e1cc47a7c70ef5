using Ml2.Core.Tests.Infrastructure;
using Ml2.Core.Tests.Plugin.Validation;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Networks;

/// <summary>
/// Neutron's unique key on network segments (network_id, network_type, physical_network): two partial segments of the
/// same type and physical network pass the duplicate check (it looks at full segments only) but the second row is
/// refused: 409 NeutronDbObjectDuplicateEntry (neutron test_create_network_duplicate_partial_segments_fail), the state
/// unchanged. Host defaults: vlan physnet1:100:199 and physnet2:200:209, vxlan 1000:1999.
/// </summary>
public sealed class DuplicateSegmentKeyTests
{
    [Fact]
    public async Task Two_identical_partial_vlan_segments_are_a_409_duplicate_entry_and_change_nothing()
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "existing" });
        var request = new NetworkCreateRequest
        {
            Name = "twice",
            Segments = [new ProviderSegment(NetworkTypes.Vlan, "physnet1"), new ProviderSegment(NetworkTypes.Vlan, "physnet1")],
        };

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ConflictException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, request));

        ex.ErrorType.Should().Be("NeutronDbObjectDuplicateEntry");
        ex.Status.Should().Be(ErrorStatus.Conflict);
        ex.Message.Should().MatchRegex(
            @"^Failed to create a duplicate NetworkSegment: for attribute\(s\) \['network_id', 'network_type', 'physical_network'\] with value\(s\) [0-9a-f-]{36}, vlan, physnet1$");
        ex.Field.Should().Be("segments");
        (await host.Plugin.ListNetworksAsync(TestHost.Admin)).Should().ContainSingle().Which.Name.Should().Be("existing");
    }

    [Fact]
    public async Task A_partial_and_a_full_vlan_segment_on_one_physical_network_collide_too()
    {
        await using var host = TestHost.Create();

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ConflictException>(
            async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest
            {
                Segments = [new ProviderSegment(NetworkTypes.Vlan, "physnet1", 150), new ProviderSegment(NetworkTypes.Vlan, "physnet1")],
            }));

        ex.ErrorType.Should().Be("NeutronDbObjectDuplicateEntry");
        StoreSnapshot.AllocatedIds(host.Store, "vlan:physnet1").Should().BeEmpty("the first segment's reservation rolled back");
    }

    [Fact]
    public async Task Segments_on_different_physical_networks_or_without_one_do_not_collide()
    {
        await using var host = TestHost.Create();

        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest
        {
            Segments =
            [
                new ProviderSegment(NetworkTypes.Vlan, "physnet1"), new ProviderSegment(NetworkTypes.Vlan, "physnet2"),
                new ProviderSegment(NetworkTypes.Vxlan), new ProviderSegment(NetworkTypes.Vxlan),
            ],
        });

        network.Segments.Should().HaveCount(4);
        network.Segments.Where(s => s.NetworkType == NetworkTypes.Vxlan).Select(s => s.SegmentationId).Should().OnlyHaveUniqueItems();
    }
}
