using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Service;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Plugin;

namespace Lbaas.Core.Tests.Service;

/// <summary>
/// Octavia's VIP checks run before anything is written: a VIP network without a subnet, a VIP subnet on another network
/// and a VIP address outside the VIP subnet (or the VIP network) are 400 naming the field and the value, with Octavia's
/// wording, and leave no load balancer, no claim and no port behind.
/// </summary>
public sealed class VipValidationTests
{
    [Fact]
    public async Task CreateLoadBalancerAsync_when_vip_network_has_no_subnet_is_bad_request_and_stores_nothing()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var bare = await host.Ml2.CreateNetworkAsync(LbaasTestHost.Caller, new NetworkCreateRequest { Name = "bare" });

        var error = await CreateFailsAsync(host, host.NewRequest() with { VipNetworkId = bare.Id, VipSubnetId = null });

        error.Message.Should().Be("Validation failure: Supplied network does not contain a subnet.");
        error.ErrorType.Should().Be("ValidationException");
        error.Field.Should().Be("vip_network_id");
        error.Value.Should().Be(bare.Id);
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_vip_subnet_is_on_another_network_is_bad_request_and_stores_nothing()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var memberSubnet = (await host.Ml2.ListSubnetsAsync(LbaasTestHost.Caller, ListFilter.Where("network_id", host.MemberNetwork.Id))).Single();

        var error = await CreateFailsAsync(host, host.NewRequest() with { VipSubnetId = memberSubnet.Id });

        error.Message.Should().Be($"Subnet {memberSubnet.Id} not found.");
        error.ErrorType.Should().Be("InvalidSubresource");
        error.Field.Should().Be("vip_subnet_id");
        error.Value.Should().Be(memberSubnet.Id);
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_vip_address_is_outside_the_vip_subnet_is_bad_request_and_stores_nothing()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");

        var error = await CreateFailsAsync(host, host.NewRequest() with { VipAddress = "10.1.0.50" });

        error.Message.Should().Be("IP address 10.1.0.50 is not a valid IP for the specified subnet.");
        error.ErrorType.Should().Be("InvalidIpForSubnet");
        error.Field.Should().Be("vip_address");
        error.Value.Should().Be("10.1.0.50");
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_vip_address_is_in_no_subnet_of_the_vip_network_is_bad_request_and_stores_nothing()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");

        var error = await CreateFailsAsync(host, host.NewRequest() with { VipSubnetId = null, VipAddress = "192.168.7.7" });

        error.Message.Should().Be("Validation failure: Supplied network does not contain a subnet for VIP address specified.");
        error.Field.Should().Be("vip_address");
        error.Value.Should().Be("192.168.7.7");
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_when_vip_address_is_not_an_address_is_bad_request_and_stores_nothing()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");

        var error = await CreateFailsAsync(host, host.NewRequest() with { VipAddress = "10.0.0.300" });

        error.Field.Should().Be("vip_address");
        error.Value.Should().Be("10.0.0.300");
        await AssertNothingStoredAsync(host);
    }

    [Fact]
    public async Task CreateLoadBalancerAsync_with_a_vip_address_in_a_vip_network_subnet_gets_that_address_on_that_subnet()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");

        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest() with { VipSubnetId = null, VipAddress = "10.0.0.77" });
        await host.WhenIdleAsync();

        lb.VipAddress.Should().Be("10.0.0.77");
        lb.VipSubnetId.Should().Be(host.VipSubnet.Id, "the subnet holding the address becomes the VIP subnet");
        var port = await host.Ml2.GetPortAsync(LbaasTestHost.Admin, lb.VipPortId!);
        port.FixedIps.Should().ContainSingle().Which.IpAddress.Should().Be("10.0.0.77");
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Admin, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
    }

    private static async Task<InvalidInputException> CreateFailsAsync(LbaasTestHost host, LoadBalancerCreateRequest request)
    {
        var act = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, request);
        var error = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        error.Status.Should().Be(ErrorStatus.BadRequest);
        return error;
    }

    private static async Task AssertNothingStoredAsync(LbaasTestHost host)
    {
        (await host.Objects.LoadBalancers.ListAsync()).Should().BeEmpty("no load balancer is stored, not even in ERROR");
        (await host.Devices.ListClaimsAsync()).Should().BeEmpty("no capacity was claimed");
        (await host.Ml2.ListPortsAsync(LbaasTestHost.Admin)).Should().BeEmpty("no VIP or device port was created");
        host.Driver.Calls.Should().BeEmpty();
    }
}
