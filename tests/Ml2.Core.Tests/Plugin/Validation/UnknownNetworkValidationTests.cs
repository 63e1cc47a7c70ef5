using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Validation;

/// <summary>Subnets and ports on a network that does not exist.</summary>
public sealed class UnknownNetworkValidationTests
{
    private const string MissingNetworkId = "0198a3c4-0000-7000-8000-000000000000";

    [Fact]
    public async Task CreateSubnetAsync_when_network_does_not_exist_throws_not_found_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "existing" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ResourceNotFoundException>(
            async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = MissingNetworkId, Cidr = "10.0.0.0/24" }));

        ex.ResourceType.Should().Be("Network");
        ex.Id.Should().Be(MissingNetworkId);
        ex.Message.Should().Be($"Network {MissingNetworkId} could not be found.");
    }

    [Fact]
    public async Task CreatePortAsync_when_network_does_not_exist_throws_not_found_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "existing" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ResourceNotFoundException>(
            async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = MissingNetworkId, MacAddress = "fa:16:3e:00:00:42" }));

        ex.ResourceType.Should().Be("Network");
        ex.Id.Should().Be(MissingNetworkId);
    }
}
