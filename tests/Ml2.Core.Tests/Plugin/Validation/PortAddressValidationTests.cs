using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Validation;

/// <summary>Port MAC and fixed IP requests.</summary>
public sealed class PortAddressValidationTests
{
    [Theory]
    [InlineData("zz:16:3e:00:00:01")]
    [InlineData("fa:16:3e:00:00")]
    [InlineData("fa:16:3e:00:00:01:02")]
    [InlineData("not a mac")]
    [InlineData("ff:ff:ff:ff:ff:ff")]
    [InlineData("00:00:00:00:00:00")]
    [InlineData("01:00:5e:00:00:01")]
    public async Task CreatePortAsync_when_mac_address_is_invalid_throws_invalid_input_naming_mac_and_store_unchanged(string mac)
    {
        var (host, network, _) = await CreateNetworkWithSubnetAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, MacAddress = mac }));

            ex.ShouldName("mac_address", mac);
        }
    }

    [Theory]
    [InlineData("fa:16:3e:aa:bb:cc")]
    [InlineData("FA:16:3E:AA:BB:CC")]
    public async Task CreatePortAsync_when_mac_address_is_in_use_throws_address_in_use_and_store_unchanged(string requested)
    {
        var (host, network, _) = await CreateNetworkWithSubnetAsync();
        await using (host)
        {
            var other = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "other" });
            await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, MacAddress = "fa:16:3e:aa:bb:cc" });

            var sameNetwork = await host.ThrowsAndLeavesStoreUnchangedAsync<AddressInUseException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, MacAddress = requested }));
            var otherNetwork = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = other.Id, MacAddress = requested });

            sameNetwork.Field.Should().Be("mac_address");
            sameNetwork.Address.Should().Be("fa:16:3e:aa:bb:cc");
            sameNetwork.NetworkId.Should().Be(network.Id);
            sameNetwork.Message.Should().Be($"Unable to complete operation for network {network.Id}. The mac address fa:16:3e:aa:bb:cc is in use.");
            otherNetwork.MacAddress.Should().Be("fa:16:3e:aa:bb:cc", "as in Neutron, a MAC is unique on its network only");
        }
    }

    [Theory]
    [InlineData("10.1.0.5")]
    [InlineData("192.168.0.1")]
    [InlineData("10.0.0.255")]
    [InlineData("10.0.0.0")]
    public async Task CreatePortAsync_when_fixed_ip_is_not_usable_in_the_subnet_throws_invalid_input_naming_the_address_and_store_unchanged(string address)
    {
        var (host, network, subnet) = await CreateNetworkWithSubnetAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(subnet.Id, address)] }));

            ex.ShouldName("fixed_ips", address);
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_fixed_ip_is_in_no_subnet_of_the_network_throws_invalid_input_and_store_unchanged()
    {
        var (host, network, _) = await CreateNetworkWithSubnetAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(IpAddress: "172.16.0.5")] }));

            ex.ShouldName("fixed_ips", "172.16.0.5");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_fixed_ip_is_in_use_throws_address_in_use_and_store_unchanged()
    {
        var (host, network, subnet) = await CreateNetworkWithSubnetAsync();
        await using (host)
        {
            await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(subnet.Id, "10.0.0.50")] });

            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ConflictException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(IpAddress: "10.0.0.50")] }));

            ex.ErrorType.Should().Be("IpAddressAlreadyAllocated");
            ex.Field.Should().Be("fixed_ips");
            ex.Value.Should().Be("10.0.0.50");
            ex.Message.Should().Be($"IP address 10.0.0.50 already allocated in subnet {subnet.Id}");
        }
    }

    [Fact]
    public async Task UpdatePortAsync_when_fixed_ip_is_in_use_throws_address_in_use_and_store_unchanged()
    {
        var (host, network, subnet) = await CreateNetworkWithSubnetAsync();
        await using (host)
        {
            await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(subnet.Id, "10.0.0.50")] });
            var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(subnet.Id, "10.0.0.51")] });

            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<ConflictException>(
                async () => await host.Plugin.UpdatePortAsync(TestHost.Admin, port.Id, new PortUpdateRequest { FixedIps = [new FixedIpRequest(subnet.Id, "10.0.0.50")] }));

            ex.ErrorType.Should().Be("IpAddressAlreadyAllocated");
            ex.Value.Should().Be("10.0.0.50");
            (await host.Plugin.GetPortAsync(TestHost.Admin, port.Id)).FixedIps.Should().Equal(new FixedIp(subnet.Id, "10.0.0.51"));
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_fixed_ip_is_the_gateway_of_a_compute_port_throws_invalid_input_and_store_unchanged()
    {
        var (host, network, subnet) = await CreateNetworkWithSubnetAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest
                {
                    NetworkId = network.Id, DeviceOwner = "compute:nova", FixedIps = [new FixedIpRequest(subnet.Id, "10.0.0.1")],
                }));

            ex.ShouldName("fixed_ips", "10.0.0.1");
            ex.Message.Should().Contain("gateway");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_a_router_interface_requests_the_gateway_gets_it()
    {
        var (host, network, subnet) = await CreateNetworkWithSubnetAsync();
        await using (host)
        {
            var port = await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest
            {
                NetworkId = network.Id, DeviceOwner = DeviceOwners.RouterInterface, FixedIps = [new FixedIpRequest(subnet.Id, "10.0.0.1")],
            });

            port.FixedIps.Should().Equal(new FixedIp(subnet.Id, "10.0.0.1"));
            StoreSnapshot.AllocatedIds(host.Store, $"ip:{subnet.Id}").Should().Contain((10L << 24) | 1);
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_the_same_fixed_ip_is_requested_twice_throws_invalid_input_and_store_unchanged()
    {
        var (host, network, subnet) = await CreateNetworkWithSubnetAsync();
        await using (host)
        {
            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest
                {
                    NetworkId = network.Id, FixedIps = [new FixedIpRequest(subnet.Id, "10.0.0.20"), new FixedIpRequest(subnet.Id, "10.0.0.20")],
                }));

            ex.ShouldName("fixed_ips", "10.0.0.20");
        }
    }

    [Fact]
    public async Task CreatePortAsync_when_subnet_of_fixed_ip_is_on_another_network_throws_invalid_input_and_store_unchanged()
    {
        var (host, network, _) = await CreateNetworkWithSubnetAsync();
        await using (host)
        {
            var other = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "other" });
            var foreign = await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = other.Id, Cidr = "10.50.0.0/24" });

            var ex = await host.ThrowsAndLeavesStoreUnchangedAsync<InvalidInputException>(
                async () => await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest { NetworkId = network.Id, FixedIps = [new FixedIpRequest(foreign.Id)] }));

            ex.ShouldName("fixed_ips", foreign.Id);
        }
    }

    private static async Task<(TestHost Host, Network Network, Subnet Subnet)> CreateNetworkWithSubnetAsync()
    {
        var host = TestHost.Create();
        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "net" });
        var subnet = await host.Plugin.CreateSubnetAsync(TestHost.Admin, new SubnetCreateRequest { NetworkId = network.Id, Cidr = "10.0.0.0/24" });
        await host.Plugin.CreatePortAsync(TestHost.Admin, new PortCreateRequest
        {
            NetworkId = network.Id, Name = "existing", MacAddress = "fa:16:3e:00:00:01", FixedIps = [new FixedIpRequest(subnet.Id, "10.0.0.100")],
        });
        return (host, network, subnet);
    }
}
