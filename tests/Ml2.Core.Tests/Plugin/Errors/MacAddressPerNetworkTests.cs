using Ml2.Core.Tests.Infrastructure;
using Ml2.Core.Tests.Plugin.Validation;
using Ml2.Exceptions;
using Ml2.Ipam;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Errors;

/// <summary>MAC addresses are unique per network as in Neutron; deployment-wide uniqueness is an option, off by default.</summary>
public sealed class MacAddressPerNetworkTests
{
    private const string Mac = "fa:16:3e:12:34:56";

    [Fact]
    public async Task CreatePortAsync_WhenTheSameMacIsUsedOnTwoNetworks_AcceptsBoth()
    {
        await using var host = TestHost.Create();
        var first = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "a" });
        var second = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "b" });

        var p1 = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = first.Id, MacAddress = Mac });
        var p2 = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id, MacAddress = Mac.ToUpperInvariant() });

        p1.MacAddress.Should().Be(Mac);
        p2.MacAddress.Should().Be(Mac);
    }

    [Fact]
    public async Task CreatePortAsync_WhenTheSameMacIsUsedTwiceOnOneNetwork_ThrowsMacAddressInUseAndStoreUnchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "a" });
        await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, MacAddress = Mac });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<AddressInUseException>(
            async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, MacAddress = Mac }));

        ex.ShouldBeNeutron("MacAddressInUse", ErrorStatus.Conflict, "mac_address", Mac, $"Unable to complete operation for network {network.Id}. The mac address {Mac} is in use.");
    }

    [Fact]
    public async Task UpdatePortAsync_WhenTheMacIsUsedOnAnotherNetworkOnly_IsAcceptedAndTheOldMacIsFreed()
    {
        await using var host = TestHost.Create();
        var first = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "a" });
        var second = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "b" });
        await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = first.Id, MacAddress = Mac });
        var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id });
        var old = port.MacAddress;

        var updated = await host.Plugin.UpdatePortAsync(TestHost.Admin, port.Id, new PortUpdateRequest { MacAddress = Mac });
        var reused = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id, MacAddress = old });

        updated.MacAddress.Should().Be(Mac);
        reused.MacAddress.Should().Be(old);
    }

    [Fact]
    public async Task CreatePortAsync_WhenMacsAreUniqueAcrossNetworks_RefusesAMacUsedOnAnotherNetwork()
    {
        await using var host = TestHost.Create(o => o.UniqueMacAddressesAcrossNetworks = true);
        var first = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "a" });
        var second = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "b" });
        await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = first.Id, MacAddress = Mac });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<AddressInUseException>(
            async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = second.Id, MacAddress = Mac }));

        ex.ShouldBeNeutron("MacAddressInUse", ErrorStatus.Conflict, "mac_address", Mac, $"Unable to complete operation for network {second.Id}. The mac address {Mac} is in use.");
    }

    [Fact]
    public async Task DeleteNetworkAsync_WhenPerNetwork_DeletesTheNetworksMacPool()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "a" });
        var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id });
        await host.Plugin.DeletePortAsync(TestHost.Admin, port.Id);
        (await UsageAsync(host, $"{MacAddressAllocator.PoolName}:{network.Id}")).Should().NotBeNull();

        await host.Plugin.DeleteNetworkAsync(TestHost.Admin, network.Id);

        (await UsageAsync(host, $"{MacAddressAllocator.PoolName}:{network.Id}")).Should().BeNull();
    }

    private static async Task<Ml2.Storage.IdPoolUsage?> UsageAsync(TestHost host, string pool)
    {
        var transaction = await host.Store.BeginReadOnlyTransactionAsync();
        await using (transaction)
        {
            return await transaction.Pools.GetUsageAsync(pool);
        }
    }
}
