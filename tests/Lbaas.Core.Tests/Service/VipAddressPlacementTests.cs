using Lbaas.Core.Tests.Infrastructure;

namespace Lbaas.Core.Tests.Service;

/// <summary>The VIP address a load balancer gets when wired is recorded on its device, so placement sees it.</summary>
public sealed class VipAddressPlacementTests
{
    [Fact]
    public async Task CreateLoadBalancerAsync_records_the_vip_address_on_the_device_snapshot()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");

        var lb = await host.CreateActiveLoadBalancerAsync();

        host.Registry.FindSnapshot("dev-1")!.VipAddresses.Should().Contain(lb.VipAddress!);
        host.Registry.ClaimsOf("dev-1").Should().ContainSingle().Which.VipAddress.Should().Be(lb.VipAddress);
    }

    [Fact]
    public async Task DeleteLoadBalancerAsync_removes_the_vip_address_from_the_device()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();

        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        await host.WhenIdleAsync();

        host.Registry.FindSnapshot("dev-1")!.VipAddresses.Should().BeEmpty();
    }
}
