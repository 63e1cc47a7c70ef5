using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Devices;
using Lbaas.Service;
using Microsoft.Extensions.DependencyInjection;

namespace Lbaas.Core.Tests.Service;

/// <summary>Unwiring a load balancer when this instance's device cache does not know the device.</summary>
public sealed class DeviceReleaserTests
{
    [Fact]
    public async Task UnwireAsync_when_the_cache_lacks_the_device_unwires_it_from_the_stores_record()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        var releaser = host.Services.GetRequiredService<DeviceReleaser>();
        await releaser.ReleaseAsync(lb, "dev-1");
        host.Services.GetRequiredService<DeviceCache>().Forget("dev-1").Should().BeTrue();

        await releaser.UnwireAsync(lb, "dev-1");

        (await host.Ml2.ListPortsAsync(LbaasTestHost.Admin)).Should().BeEmpty("the VIP port and the device's ports go although only the store knew the device");
        host.Logs.WithEvent("UnwireDeviceGone").Should().BeEmpty();
    }

    [Fact]
    public async Task UnwireAsync_when_the_device_is_gone_everywhere_logs_that_nothing_was_unwired()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        var releaser = host.Services.GetRequiredService<DeviceReleaser>();

        await releaser.UnwireAsync(lb, "dev-unknown");

        host.Logs.WithEvent("UnwireDeviceGone").Should().ContainSingle().Which.Message.Should()
            .Be($"Load balancer '{lb.Id}' was not unwired from device 'dev-unknown': no such device.");
        (await host.Ml2.ListPortsAsync(LbaasTestHost.Admin)).Should().NotBeEmpty();
    }
}
