using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Validation;

/// <summary>Subnet attributes: CIDR, IP version, gateway.</summary>
public sealed class SubnetValidationTests
{
    [Theory]
    [InlineData("not-a-cidr")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.256/24")]
    [InlineData("10.0.0.0/")]
    [InlineData("2001:db8::/129")]
    public async Task CreateSubnetAsync_when_cidr_is_malformed_throws_invalid_input_naming_cidr_and_store_unchanged(string cidr)
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = cidr }));

        ex.ShouldName("cidr", cidr);
    }

    [Theory]
    [InlineData("10.0.0.0/24", 6)]
    [InlineData("2001:db8::/64", 4)]
    public async Task CreateSubnetAsync_when_ip_version_does_not_match_cidr_throws_invalid_input_and_store_unchanged(string cidr, int ipVersion)
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = cidr, IpVersion = ipVersion }));

        ex.ShouldName("ip_version", ipVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ex.Message.Should().Contain(cidr);
    }

    [Fact]
    public async Task CreateSubnetAsync_when_gateway_is_outside_the_cidr_throws_invalid_input_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24", GatewayIp = "10.0.1.1" }));

        ex.ShouldName("gateway_ip", "10.0.1.1");
    }

    [Fact]
    public async Task CreateSubnetAsync_when_cidr_overlaps_another_subnet_of_the_network_throws_invalid_input_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });
        await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/16" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.5.0/24" }));

        ex.ShouldName("cidr", "10.0.5.0/24");
    }

    [Fact]
    public async Task CreateSubnetAsync_when_allocation_pool_leaves_the_cidr_throws_invalid_input_and_store_unchanged()
    {
        await using var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest
            {
                NetworkId = network.Id, Cidr = "10.0.0.0/24", AllocationPools = [new AllocationPool("10.0.0.10", "10.0.1.20")],
            }));

        ex.Field.Should().Be("allocation_pools");
        ex.Message.Should().Contain("10.0.1.20");
    }
}
