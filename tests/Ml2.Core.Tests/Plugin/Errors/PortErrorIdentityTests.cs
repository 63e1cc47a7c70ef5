using Ml2.Core.Tests.Infrastructure;
using Ml2.Core.Tests.Plugin.Validation;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Errors;

/// <summary>Port create and update failures carry Neutron's exception type, status class and text.</summary>
public sealed class PortErrorIdentityTests
{
    [Fact]
    public async Task CreatePortAsync_when_fixed_ip_is_taken_throws_ip_address_already_allocated_like_neutrons_ipam()
    {
        var (host, network, subnet) = await CreateSubnetAsync();
        await using (host)
        {
            await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(subnet.Id, "10.0.0.50")] });

            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ConflictException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(IpAddress: "10.0.0.50")] }));

            ex.ShouldBeNeutron("IpAddressAlreadyAllocated", ErrorStatus.Conflict, "fixed_ips", "10.0.0.50", $"IP address 10.0.0.50 already allocated in subnet {subnet.Id}");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_fixed_ip_is_not_on_the_named_subnet_throws_invalid_ip_for_subnet()
    {
        var (host, network, subnet) = await CreateSubnetAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(subnet.Id, "10.0.1.5")] }));

            ex.ShouldBeNeutron("InvalidIpForSubnet", ErrorStatus.BadRequest, "fixed_ips", "10.0.1.5", "IP address 10.0.1.5 is not a valid IP for the specified subnet.");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_fixed_ip_is_on_no_subnet_of_the_network_throws_invalid_ip_for_network()
    {
        var (host, network, _) = await CreateSubnetAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(IpAddress: "192.168.0.5")] }));

            ex.ShouldBeNeutron("InvalidIpForNetwork", ErrorStatus.BadRequest, "fixed_ips", "192.168.0.5", "IP address 192.168.0.5 is not a valid IP for any of the subnets on the specified network.");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_fixed_ip_names_a_subnet_that_does_not_exist_throws_subnet_not_found()
    {
        const string missing = "0198a3c4-0000-7000-8000-0000000000aa";
        var (host, network, _) = await CreateSubnetAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ResourceNotFoundException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(missing)] }));

            ex.ShouldBeNeutron("SubnetNotFound", ErrorStatus.NotFound, null, null, $"Subnet {missing} could not be found.");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_fixed_ip_names_a_subnet_of_another_network_throws_invalid_input()
    {
        var (host, network, _) = await CreateSubnetAsync();
        await using (host)
        {
            var other = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "other" });
            var otherSubnet = await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = other.Id, Cidr = "10.9.0.0/24" });

            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(otherSubnet.Id)] }));

            ex.ShouldBeNeutron(
                "InvalidInput", ErrorStatus.BadRequest, "fixed_ips", otherSubnet.Id,
                $"Invalid input for operation: Failed to create port on network {network.Id}, because fixed_ips included invalid subnet {otherSubnet.Id}.");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_fixed_ip_subnet_id_is_not_a_uuid_throws_http_bad_request()
    {
        var (host, network, _) = await CreateSubnetAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest("abc")] }));

            ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "fixed_ips", "abc", "Invalid input for fixed_ips. Reason: 'abc' is not a valid UUID.");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_fixed_ip_is_repeated_throws_http_bad_request()
    {
        var (host, network, _) = await CreateSubnetAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest
                {
                    NetworkId = network.Id,
                    FixedIps = [new FixedIpRequest(IpAddress: "10.0.0.7"), new FixedIpRequest(IpAddress: "10.0.0.7")],
                }));

            ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "fixed_ips", "10.0.0.7", "Invalid input for fixed_ips. Reason: Duplicate IP address '10.0.0.7'.");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_fixed_ip_is_not_an_address_throws_http_bad_request()
    {
        var (host, network, _) = await CreateSubnetAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(IpAddress: "10.0.0.300")] }));

            ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "fixed_ips", "10.0.0.300", "Invalid input for fixed_ips. Reason: '10.0.0.300' is not a valid IP address.");
        }
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("")]
    public async Task CreatePortAsync_when_vnic_type_is_unknown_throws_http_bad_request_in_validator_words(string vnicType)
    {
        var (host, network, _) = await CreateSubnetAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, VnicType = vnicType }));

            ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "binding:vnic_type", vnicType, $"Invalid input for binding:vnic_type. Reason: {vnicType} is not in valid_values.");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_mac_is_invalid_throws_http_bad_request()
    {
        var (host, network, _) = await CreateSubnetAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, MacAddress = "zz" }));

            ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "mac_address", "zz", "Invalid input for mac_address. Reason: 'zz' is not a valid MAC address.");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_network_id_is_not_a_uuid_throws_http_bad_request()
    {
        await using var host = TestHost.Create();

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
            async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = "net-1" }));

        ex.ShouldBeNeutron("HTTPBadRequest", ErrorStatus.BadRequest, "network_id", "net-1", "Invalid input for network_id. Reason: 'net-1' is not a valid UUID.");
    }

    [Fact]
    public async Task UpdatePortAsync_when_mac_changes_on_a_bound_port_throws_port_bound()
    {
        await using var host = TestHost.WithRecorders(out var drivers, "agent");
        drivers[0].Connectivity = Ml2.Drivers.MechanismDriverConnectivity.L2;
        drivers[0].Bind = (context, _) =>
        {
            context.SetBinding(context.SegmentsToBind![0].Id, VifTypes.Ovs, null, ResourceStatus.Active);
            return default;
        };
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });
        var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, HostId = "compute-1" });
        port.Binding.VifType.Should().Be(VifTypes.Ovs);

        var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ConflictException>(
            async () => await host.Plugin.UpdatePortAsync(TestHost.Admin, port.Id, new PortUpdateRequest { MacAddress = "fa:16:3e:00:00:77" }));

        ex.ShouldBeNeutron(
            "PortBound", ErrorStatus.Conflict, "mac_address", "fa:16:3e:00:00:77",
            $"Unable to complete operation on port {port.Id}, port is already bound, port type: {port.Binding.VifType}, old_mac {port.MacAddress}, new_mac fa:16:3e:00:00:77.");
    }

    private static async Task<(TestHost Host, Network Network, Subnet Subnet)> CreateSubnetAsync()
    {
        var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });
        var subnet = await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        return (host, network, subnet);
    }
}
