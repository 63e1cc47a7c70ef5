using Ml2.Core.Tests.Infrastructure;
using Ml2.Core.Tests.Plugin.Validation;
using Ml2.Exceptions;
using Ml2.Ipam;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Errors;

/// <summary>MAC addresses are unique per network as in Neutron; deployment-wide uniqueness is an option, off by default.</summary>
public sealed class MacAddressPerNetworkTests
{
    private const string Mac = "fa:16:3e:12:34:56";

    [Fact]
    public async Task CreatePortAsync_when_the_same_mac_is_used_on_two_networks_accepts_both()
    {
        await using var host = TestHost.Create();
        var (first, second) = await TwoNetworksAsync(host);

        var p1 = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = first.Id, MacAddress = Mac });
        var p2 = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id, MacAddress = Mac.ToUpperInvariant() });

        p1.MacAddress.Should().Be(Mac);
        p2.MacAddress.Should().Be(Mac);
    }

    [Fact]
    public async Task CreatePortAsync_when_the_same_mac_is_used_twice_on_one_network_throws_mac_address_in_use_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "a" });
        await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, MacAddress = Mac });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<AddressInUseException>(
            async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, MacAddress = Mac }));

        ex.ShouldBeNeutron("MacAddressInUse", ErrorStatus.Conflict, "mac_address", Mac, $"Unable to complete operation for network {network.Id}. The mac address {Mac} is in use.");
    }

    [Fact]
    public async Task UpdatePortAsync_when_the_mac_is_used_on_another_network_only_is_accepted_and_the_old_mac_is_freed()
    {
        await using var host = TestHost.Create();
        var (first, second) = await TwoNetworksAsync(host);
        await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = first.Id, MacAddress = Mac });
        var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id });
        var old = port.MacAddress;

        var updated = await host.Plugin.UpdatePortAsync(TestHost.Admin, port.Id, new PortUpdateRequest { MacAddress = Mac });
        var reused = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id, MacAddress = old });

        updated.MacAddress.Should().Be(Mac);
        reused.MacAddress.Should().Be(old);
    }

    [Fact]
    public async Task CreatePortAsync_when_macs_are_unique_across_networks_refuses_a_mac_used_on_another_network()
    {
        await using var host = TestHost.Create(o => o.UniqueMacAddressesAcrossNetworks = true);
        var (first, second) = await TwoNetworksAsync(host);
        await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = first.Id, MacAddress = Mac });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<AddressInUseException>(
            async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id, MacAddress = Mac }));

        ex.ShouldBeNeutron("MacAddressInUse", ErrorStatus.Conflict, "mac_address", Mac, $"Unable to complete operation for network {second.Id}. The mac address {Mac} is in use.");
    }

    [Fact]
    public async Task DeletePortAsync_when_the_mac_is_shared_across_networks_frees_it_on_its_network_only()
    {
        await using var host = TestHost.Create();
        var (first, second) = await TwoNetworksAsync(host);
        var p1 = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = first.Id, MacAddress = Mac });
        await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id, MacAddress = Mac });

        await host.Plugin.DeletePortAsync(TestHost.Admin, p1.Id);
        var again = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = first.Id, MacAddress = Mac });
        var stillTaken = async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id, MacAddress = Mac });

        again.MacAddress.Should().Be(Mac);
        (await stillTaken.Should().ThrowAsync<AddressInUseException>()).Which.NetworkId.Should().Be(second.Id);
        StoreSnapshot.PoolNames(host.Store).Should().NotContain(p => p.StartsWith("mac", StringComparison.Ordinal), "MACs unique per network are held by the ports only");
    }

    [Fact]
    public async Task UpdatePortAsync_when_the_old_mac_is_shared_with_another_network_frees_it_on_the_port_s_network_only()
    {
        await using var host = TestHost.Create();
        var (first, second) = await TwoNetworksAsync(host);
        await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = first.Id, MacAddress = Mac });
        var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id, MacAddress = Mac });

        await host.Plugin.UpdatePortAsync(TestHost.Admin, port.Id, new PortUpdateRequest { MacAddress = "fa:16:3e:65:43:21" });
        var reused = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id, MacAddress = Mac });
        var stillTaken = async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = first.Id, MacAddress = Mac });

        reused.MacAddress.Should().Be(Mac);
        (await stillTaken.Should().ThrowAsync<AddressInUseException>()).Which.NetworkId.Should().Be(first.Id);
    }

    [Fact]
    public async Task DeleteNetworkAsync_when_macs_are_unique_across_networks_frees_the_macs_of_its_ports_in_the_pool()
    {
        // Deployment-wide, the pool holds every MAC a port has (requested or generated) and lets it go with the port.
        await using var host = TestHost.Create(o => o.UniqueMacAddressesAcrossNetworks = true);
        var (first, second) = await TwoNetworksAsync(host);
        await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = first.Id, MacAddress = Mac, DeviceOwner = DeviceOwners.Dhcp });
        var generated = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id });
        var held = StoreSnapshot.AllocatedIds(host.Store, MacAddressAllocator.PoolName);

        await host.Plugin.DeleteNetworkAsync(TestHost.Admin, first.Id);

        held.Should().BeEquivalentTo([MacAddresses.Parse(Mac), MacAddresses.Parse(generated.MacAddress)]);
        StoreSnapshot.AllocatedIds(host.Store, MacAddressAllocator.PoolName).Should().Equal([MacAddresses.Parse(generated.MacAddress)]);
    }

    private static async Task<(Network First, Network Second)> TwoNetworksAsync(TestHost host) =>
        (await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "a" }),
         await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "b" }));
}
