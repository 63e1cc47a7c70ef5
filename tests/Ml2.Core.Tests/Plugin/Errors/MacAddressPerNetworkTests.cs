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
    public async Task DeletePortAsync_when_the_mac_is_shared_across_networks_keeps_it_in_use_until_the_last_port_goes()
    {
        await using var host = TestHost.Create();
        var (first, second) = await TwoNetworksAsync(host);
        var p1 = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = first.Id, MacAddress = Mac });
        var p2 = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id, MacAddress = Mac });

        await host.Plugin.DeletePortAsync(TestHost.Admin, p1.Id);
        var keptWhileShared = StoreSnapshot.AllocatedIds(host.Store, MacAddressAllocator.PoolName);
        await host.Plugin.DeletePortAsync(TestHost.Admin, p2.Id);

        keptWhileShared.Should().Equal([MacAddresses.Parse(Mac)], "the second network's port still has the MAC, so it is never generated");
        StoreSnapshot.AllocatedIds(host.Store, MacAddressAllocator.PoolName).Should().BeEmpty("the last port with the MAC is gone");
        StoreSnapshot.PoolNames(host.Store).Should().NotContain(p => p.StartsWith("mac:", StringComparison.Ordinal), "no MAC pool per network");
    }

    [Fact]
    public async Task UpdatePortAsync_when_the_old_mac_is_shared_with_another_network_keeps_it_in_use()
    {
        await using var host = TestHost.Create();
        var (first, second) = await TwoNetworksAsync(host);
        await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = first.Id, MacAddress = Mac });
        var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id, MacAddress = Mac });

        await host.Plugin.UpdatePortAsync(TestHost.Admin, port.Id, new PortUpdateRequest { MacAddress = "fa:16:3e:65:43:21" });

        StoreSnapshot.AllocatedIds(host.Store, MacAddressAllocator.PoolName).Should().BeEquivalentTo([MacAddresses.Parse(Mac), MacAddresses.Parse("fa:16:3e:65:43:21")]);
    }

    [Fact]
    public async Task CreatePortAsync_when_a_mac_is_requested_it_is_in_use_for_generation_on_every_network()
    {
        // The generator draws from the one pool; a requested MAC in it is never handed to a port of the same network.
        await using var host = TestHost.Create(o => o.BaseMac = "fa:16:3e:77:00:00");
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "a" });
        await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, MacAddress = "fa:16:3e:77:00:05" });

        StoreSnapshot.AllocatedIds(host.Store, MacAddressAllocator.PoolName).Should().Equal([MacAddresses.Parse("fa:16:3e:77:00:05")]);
    }

    private static async Task<(Network First, Network Second)> TwoNetworksAsync(TestHost host) =>
        (await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "a" }),
         await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "b" }));
}
