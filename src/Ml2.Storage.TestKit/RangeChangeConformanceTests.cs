using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Storage.TestKit;

/// <summary>
/// Segment ranges changed between runs (Neutron's start-up sync of VLAN and tunnel allocations): after a restart with
/// a physical network dropped from <c>network_vlan_ranges</c>, or a range shrunk (vlan, vxlan, gre, geneve), or a
/// physical network dropped from <c>flat_networks</c>, the ids no longer configured cannot be allocated, ids in use stay
/// in use until released, and a release of an id outside the ranges forgets it. A provider network may still take a
/// free id outside the ranges, as Neutron's VLAN and tunnel drivers allow.
/// </summary>
/// <typeparam name="TDatabase">What names one database of the store (see <see cref="StoreTarget{TDatabase}"/>).</typeparam>
/// <param name="target">The store under test.</param>
public abstract class RangeChangeConformanceTests<TDatabase>(StoreTarget<TDatabase> target) : StoreSuite<TDatabase>(target)
    where TDatabase : notnull
{
    private static readonly CallerContext s_admin = CallerContext.Admin("tenant-a");

    /// <summary>A physical network dropped from the vlan ranges keeps no free tags and its tags in use until released.</summary>
    [Fact]
    public async Task A_physical_network_dropped_from_the_vlan_ranges_keeps_no_free_tags_and_its_tags_in_use_until_released()
    {
        Network full, partial;
        await using (var before = await StartAsync(o => o.Vlan.NetworkVlanRanges = ["physnet1:100:109", "physnet2:200:209"]))
        {
            full = await before.Plugin.CreateNetworkAsync(s_admin, Vlan("physnet2", 205));
            partial = await before.Plugin.CreateNetworkAsync(s_admin, Vlan("physnet2", null));
            (await Usage(before, "vlan:physnet2")).Should().Be(new IdPoolUsage(10, 2, 0));
        }

        await using var after = await StartAsync(o => o.Vlan.NetworkVlanRanges = ["physnet1:100:109"]);
        (await Usage(after, "vlan:physnet2")).Should().Be(new IdPoolUsage(0, 0, 2), "no free tag is left on physnet2, the two in use stay");
        var onDropped = async () => await after.Plugin.CreateNetworkAsync(s_admin, Vlan("physnet2", null));
        (await onDropped.Should().ThrowAsync<InvalidInputException>()).Which.Detail.Should().Be("physical_network 'physnet2' unknown for VLAN provider network");

        var tenantTags = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            tenantTags.Add((await after.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest())).Segments[0].SegmentationId!.Value);
        }

        tenantTags.Should().OnlyContain(tag => tag >= 100 && tag <= 109);
        var exhausted = async () => await after.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest());
        await exhausted.Should().ThrowAsync<NoNetworkAvailableException>("physnet2's free tags are gone");

        await after.Plugin.DeleteNetworkAsync(s_admin, full.Id);
        await after.Plugin.DeleteNetworkAsync(s_admin, partial.Id);
        (await Usage(after, "vlan:physnet2")).Should().Be(new IdPoolUsage(0, 0, 0), "a release outside the ranges forgets the tag");
        (await ReadAsync(tx => tx.Pools.IsAllocatedAsync("vlan:physnet2", 205), after.Store)).Should().BeFalse();
    }

    /// <summary>A shrunk vlan range keeps tags in use and a freed tag outside it goes to providers only.</summary>
    [Fact]
    public async Task A_shrunk_vlan_range_keeps_tags_in_use_and_a_freed_tag_outside_it_goes_to_providers_only()
    {
        Network outside;
        await using (var before = await StartAsync(o => o.Vlan.NetworkVlanRanges = ["physnet1:100:119"]))
        {
            outside = await before.Plugin.CreateNetworkAsync(s_admin, Vlan("physnet1", 115));
        }

        await using var after = await StartAsync(o => o.Vlan.NetworkVlanRanges = ["physnet1:100:109"]);
        (await Usage(after, "vlan:physnet1")).Should().Be(new IdPoolUsage(10, 0, 1));
        var taken = async () => await after.Plugin.CreateNetworkAsync(s_admin, Vlan("physnet1", 115));
        await taken.Should().ThrowAsync<SegmentInUseException>("a tag in use stays in use");

        await after.Plugin.DeleteNetworkAsync(s_admin, outside.Id);
        (await Usage(after, "vlan:physnet1")).Should().Be(new IdPoolUsage(10, 0, 0), "released outside the range: forgotten");
        var tenantTags = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            tenantTags.Add((await after.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest())).Segments[0].SegmentationId!.Value);
        }

        tenantTags.Should().OnlyContain(tag => tag >= 100 && tag <= 109);
        var provider = await after.Plugin.CreateNetworkAsync(s_admin, Vlan("physnet1", 115));
        provider.Segments[0].SegmentationId.Should().Be(115, "a provider network may take a free tag outside the ranges, as in Neutron");
    }

    /// <summary>A shrunk tunnel range keeps ids in use until released and allocates only inside it.</summary>
    [Theory]
    [InlineData(NetworkTypes.Vxlan)]
    [InlineData(NetworkTypes.Gre)]
    [InlineData(NetworkTypes.Geneve)]
    public async Task A_shrunk_tunnel_range_keeps_ids_in_use_until_released_and_allocates_only_inside_it(string type)
    {
        Network outside;
        await using (var before = await StartAsync(o => Tunnel(o, type, "1:100")))
        {
            outside = await before.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { NetworkType = type, SegmentationId = 90 });
            await before.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { NetworkType = type, SegmentationId = 10 });
        }

        await using var after = await StartAsync(o => Tunnel(o, type, "1:20"));
        (await Usage(after, type)).Should().Be(new IdPoolUsage(20, 1, 1));
        var ids = new List<long>();
        for (var i = 0; i < 19; i++)
        {
            ids.Add((await after.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest())).Segments[0].SegmentationId!.Value);
        }

        ids.Should().OnlyContain(id => id >= 1 && id <= 20 && id != 10).And.OnlyHaveUniqueItems();
        var exhausted = async () => await after.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest());
        await exhausted.Should().ThrowAsync<NoNetworkAvailableException>("ids 21-100 are no longer allocatable");

        var taken = async () => await after.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { NetworkType = type, SegmentationId = 90 });
        await taken.Should().ThrowAsync<SegmentInUseException>();
        await after.Plugin.DeleteNetworkAsync(s_admin, outside.Id);
        (await Usage(after, type)).Should().Be(new IdPoolUsage(20, 20, 0), "released outside the range: forgotten");
        (await after.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { NetworkType = type, SegmentationId = 75 })).Segments[0].SegmentationId
            .Should().Be(75, "a provider network may take a free id outside the ranges");
    }

    /// <summary>A physical network dropped from flat networks keeps its flat network until deleted and takes no new one.</summary>
    [Fact]
    public async Task A_physical_network_dropped_from_flat_networks_keeps_its_flat_network_until_deleted_and_takes_no_new_one()
    {
        Network flat;
        await using (var before = await StartAsync(o => o.Flat.FlatNetworks = ["physnet1", "physnet3"]))
        {
            flat = await before.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { NetworkType = NetworkTypes.Flat, PhysicalNetwork = "physnet1" });
        }

        await using var after = await StartAsync(o => o.Flat.FlatNetworks = ["physnet3"]);
        (await ReadAsync(tx => tx.Pools.IsAllocatedAsync("flat:physnet1", 0), after.Store)).Should().BeTrue();
        var again = async () => await after.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { NetworkType = NetworkTypes.Flat, PhysicalNetwork = "physnet1" });
        (await again.Should().ThrowAsync<InvalidInputException>()).Which.Detail.Should().Be("physical_network 'physnet1' unknown for flat provider network");

        await after.Plugin.DeleteNetworkAsync(s_admin, flat.Id);
        (await ReadAsync(tx => tx.Pools.IsAllocatedAsync("flat:physnet1", 0), after.Store)).Should().BeFalse();
    }

    /// <summary>A vlan transparent network is stored and read back after a restart.</summary>
    [Fact]
    public async Task A_vlan_transparent_network_is_stored_and_read_back_after_a_restart()
    {
        string id;
        await using (var before = await StartAsync(null))
        {
            id = (await before.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { Name = "qinq", VlanTransparent = true })).Id;
        }

        await using var after = await StartAsync(null);
        (await after.Plugin.GetNetworkAsync(s_admin, id)).VlanTransparent.Should().BeTrue();
        (await after.Plugin.CreateNetworkAsync(s_admin, new NetworkCreateRequest { Name = "plain" })).VlanTransparent.Should().BeFalse();
    }

    private Task<ConformanceHost> StartAsync(Action<Configuration.Ml2Options>? configure) =>
        ConformanceHost.StartAsync(Target, Database, seed: 21, o =>
        {
            o.TypeDrivers = ["local", "flat", "vlan", "vxlan", "gre", "geneve"];
            o.TenantNetworkTypes = ["vlan"];
            configure?.Invoke(o);
        });

    private static void Tunnel(Configuration.Ml2Options options, string type, string range)
    {
        options.TenantNetworkTypes = [type];
        switch (type)
        {
            case NetworkTypes.Vxlan:
                options.Vxlan.VniRanges = [range];
                break;
            case NetworkTypes.Gre:
                options.Gre.TunnelIdRanges = [range];
                break;
            default:
                options.Geneve.VniRanges = [range];
                break;
        }
    }

    private static NetworkCreateRequest Vlan(string physnet, long? tag) =>
        new() { Segments = [new ProviderSegment(NetworkTypes.Vlan, physnet, tag)] };

    private Task<IdPoolUsage?> Usage(ConformanceHost host, string pool) => ReadAsync(tx => tx.Pools.GetUsageAsync(pool), host.Store);
}
