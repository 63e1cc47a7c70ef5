using Ml2.Core.Tests.Infrastructure;
using Ml2.Core.Tests.Plugin.Validation;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Errors;

/// <summary>Subnet create failures carry Neutron's exception type, status class and text (neutron-lib converters, validators, IPAM).</summary>
public sealed class SubnetErrorIdentityTests
{
    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("abc")]
    [InlineData("10.0.0.256/24")]
    [InlineData("::1/129")]
    public async Task CreateSubnetAsync_when_cidr_is_not_a_cidr_throws_the_converters_invalid_input(string cidr)
    {
        var (host, network) = await CreateNetworkAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = cidr }));

            ex.ShouldBeNeutron("InvalidInput", ErrorStatus.BadRequest, "cidr", cidr, $"Invalid input for operation: {cidr} is not in a CIDR format.");
        }
    }

    [Theory]
    [InlineData("10.0.0.9", "10.0.0.9/32")]
    [InlineData("010.000.000.000/024", "10.0.0.0/24")]
    public async Task CreateSubnetAsync_when_cidr_is_convertible_like_neutrons_converter_is_accepted(string cidr, string expected)
    {
        var (host, network) = await CreateNetworkAsync();
        await using (host)
        {
            var subnet = await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = cidr, EnableDhcp = false });

            subnet.Cidr.Should().Be(expected);
        }
    }

    [Fact]
    public async Task CreateSubnetAsync_when_ip_version_is_neither_4_nor_6_throws_http_bad_request_before_the_cidr_is_read()
    {
        var (host, network) = await CreateNetworkAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/33", IpVersion = 5 }));

            ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "ip_version", "5", "Invalid input for ip_version. Reason: 5 is not in valid_values.");
        }
    }

    [Fact]
    public async Task CreateSubnetAsync_when_network_id_is_not_a_uuid_throws_http_bad_request()
    {
        await using var host = TestHost.Create();

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = "", Cidr = "10.0.0.0/24" }));

        ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "network_id", "", "Invalid input for network_id. Reason: '' is not a valid UUID.");
    }

    [Fact]
    public async Task CreateSubnetAsync_when_gateway_is_not_an_address_throws_http_bad_request()
    {
        var (host, network) = await CreateNetworkAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24", GatewayIp = "10.0.0.300" }));

            ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "gateway_ip", "10.0.0.300", "Invalid input for gateway_ip. Reason: '10.0.0.300' is not a valid IP address.");
        }
    }

    [Fact]
    public async Task CreateSubnetAsync_when_pool_lacks_end_throws_http_bad_request_with_the_keys()
    {
        var ex = await CreateSubnetRefusedAsync<InvalidInputException>(network => new SubnetCreateRequest
        {
            NetworkId = network.Id,
            Cidr = "10.0.0.0/24",
            AllocationPools = [new AllocationPool("10.0.0.5", null!)],
        });

        ex.ShouldBeNeutron(
            "HTTPBadRequest", ErrorStatus.BadRequest, "allocation_pools", "10.0.0.5-None",
            "Invalid input for allocation_pools. Reason: Validation of dictionary's keys failed. Expected keys: {'start', 'end'} Provided keys: {'start'}.");
    }

    [Fact]
    public async Task CreateSubnetAsync_when_pool_start_is_after_end_throws_invalid_allocation_pool()
    {
        var ex = await CreateSubnetRefusedAsync<InvalidInputException>(network => new SubnetCreateRequest
        {
            NetworkId = network.Id,
            Cidr = "10.0.0.0/24",
            AllocationPools = [new AllocationPool("10.0.0.9", "10.0.0.5")],
        });

        ex.ShouldBeNeutron(
            "InvalidAllocationPool", ErrorStatus.BadRequest, "allocation_pools", "10.0.0.9-10.0.0.5",
            "The allocation pool {'start': '10.0.0.9', 'end': '10.0.0.5'} is not valid.");
    }

    [Fact]
    public async Task CreateSubnetAsync_when_pool_is_outside_the_cidr_throws_out_of_bounds_allocation_pool()
    {
        var ex = await CreateSubnetRefusedAsync<InvalidInputException>(network => new SubnetCreateRequest
        {
            NetworkId = network.Id,
            Cidr = "10.0.0.0/24",
            AllocationPools = [new AllocationPool("10.0.0.200", "10.0.1.5")],
        });

        ex.ShouldBeNeutron(
            "OutOfBoundsAllocationPool", ErrorStatus.BadRequest, "allocation_pools", "10.0.0.200-10.0.1.5",
            "The allocation pool 10.0.0.200-10.0.1.5 spans beyond the subnet cidr 10.0.0.0/24.");
    }

    [Fact]
    public async Task CreateSubnetAsync_when_pool_is_of_the_other_ip_version_throws_invalid_allocation_pool()
    {
        var ex = await CreateSubnetRefusedAsync<InvalidInputException>(network => new SubnetCreateRequest
        {
            NetworkId = network.Id,
            Cidr = "10.0.0.0/24",
            AllocationPools = [new AllocationPool("2001:db8::5", "2001:db8::9")],
        });

        ex.ShouldBeNeutron("InvalidAllocationPool", ErrorStatus.BadRequest, "allocation_pools", "2001:db8::5-2001:db8::9", "The allocation pool 2001:db8::5-2001:db8::9 is not valid.");
    }

    [Fact]
    public async Task CreateSubnetAsync_when_pools_overlap_throws_overlapping_allocation_pools_conflict()
    {
        var ex = await CreateSubnetRefusedAsync<ConflictException>(network => new SubnetCreateRequest
        {
            NetworkId = network.Id,
            Cidr = "10.0.0.0/24",
            AllocationPools = [new AllocationPool("10.0.0.10", "10.0.0.20"), new AllocationPool("10.0.0.15", "10.0.0.30")],
        });

        ex.ShouldBeNeutron(
            "OverlappingAllocationPools", ErrorStatus.Conflict, "allocation_pools", "10.0.0.10-10.0.0.20 10.0.0.15-10.0.0.30",
            "Found overlapping allocation pools: 10.0.0.10-10.0.0.20 10.0.0.15-10.0.0.30 for subnet 10.0.0.0/24.");
    }

    [Fact]
    public async Task CreateSubnetAsync_when_gateway_is_inside_a_pool_throws_gateway_conflict_with_allocation_pools_conflict()
    {
        var ex = await CreateSubnetRefusedAsync<ConflictException>(network => new SubnetCreateRequest
        {
            NetworkId = network.Id,
            Cidr = "10.0.0.0/24",
            GatewayIp = "10.0.0.15",
            AllocationPools = [new AllocationPool("10.0.0.10", "10.0.0.20")],
        });

        ex.ShouldBeNeutron(
            "GatewayConflictWithAllocationPools", ErrorStatus.Conflict, "gateway_ip", "10.0.0.15",
            "Gateway ip 10.0.0.15 conflicts with allocation pool 10.0.0.10-10.0.0.20.");
    }

    /// <summary>Creates a network, asks for the subnet <paramref name="request"/> builds on it, and expects <typeparamref name="T"/> with the store unchanged.</summary>
    private static async Task<T> CreateSubnetRefusedAsync<T>(Func<Network, SubnetCreateRequest> request)
        where T : Exception
    {
        var (host, network) = await CreateNetworkAsync();
        await using (host)
        {
            return await host.ThrowsAndLeavesStoreUnchangedAsync<T>(async () => await host.Plugin.CreateSubnetAsync(TestHost.Admin, request(network)));
        }
    }

    private static async Task<(TestHost Host, Network Network)> CreateNetworkAsync()
    {
        var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });
        return (host, network);
    }
}
