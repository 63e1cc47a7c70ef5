using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Core.Tests.Placement.Support;
using Lbaas.Devices;
using Lbaas.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Lbaas;

namespace Lbaas.Core.Tests.Health;

/// <summary>The lbaas-devices check over the real registry and state store: devices down, degraded or full.</summary>
public sealed class DevicesHealthCheckTests
{
    [Fact]
    public async Task Devices_with_room_and_healthy_are_healthy()
    {
        await using var host = await HealthHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        await host.OnboardAsync("dev-2");
        await host.CreateActiveLoadBalancerAsync();

        var entry = await host.CheckAsync(LbaasHealthChecks.DevicesCheckName);

        entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
        entry.Data["devices"].Should().Be(2);
        entry.Data["placeable"].Should().Be(2);
    }

    [Fact]
    public async Task Devices_when_the_only_device_is_full_are_degraded_saying_nothing_can_be_placed()
    {
        await using var host = await HealthHost.CreateAsync();
        await host.OnboardAsync("dev-1", maxVips: 1);
        var before = await host.CheckAsync(LbaasHealthChecks.DevicesCheckName);

        await host.CreateActiveLoadBalancerAsync();
        var entry = await host.CheckAsync(LbaasHealthChecks.DevicesCheckName);

        before.Status.Should().Be(HealthStatus.Healthy, before.Description);
        entry.Status.Should().Be(HealthStatus.Degraded);
        entry.Data["full"].Should().Be(1);
        entry.Data["placeable"].Should().Be(0);
        entry.Data["full_devices"].Should().BeEquivalentTo(new[] { "dev-1" });
        entry.Description.Should().Contain("none of the 1 devices can take a new load balancer").And.Contain("1 device is full");
    }

    [Fact]
    public async Task Devices_when_one_is_down_and_one_degraded_are_degraded_naming_them_without_credentials()
    {
        await using var host = await HealthHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        await host.OnboardAsync("dev-2");
        await host.OnboardAsync("dev-3");
        await host.Registry.UpdateAsync("dev-2", new DeviceUpdate { Health = DeviceHealth.Down });
        await host.Registry.UpdateAsync("dev-3", new DeviceUpdate { Health = DeviceHealth.Degraded });

        var entry = await host.CheckAsync(LbaasHealthChecks.DevicesCheckName);

        entry.Status.Should().Be(HealthStatus.Degraded);
        entry.Data["placeable"].Should().Be(2, "a degraded device still takes load balancers");
        entry.Data["down_devices"].Should().BeEquivalentTo(new[] { "dev-2" });
        entry.Data["degraded_devices"].Should().BeEquivalentTo(new[] { "dev-3" });
        entry.Description.Should().Contain("1 device is down: dev-2").And.Contain("1 device is degraded: dev-3");
        entry.Description.Should().NotContain(LbaasTestHost.Password);
        entry.Data.Values.OfType<IEnumerable<string>>().SelectMany(v => v).Should().NotContain(v => v.Contains(LbaasTestHost.Password));
    }

    [Fact]
    public async Task Devices_when_none_is_onboarded_are_degraded_unless_a_provisioner_creates_them()
    {
        await using var without = await HealthHost.CreateAsync();
        await using var with = await HealthHost.CreateAsync(build: b => b.AddDeviceProvisioner(
            new FakeProvisioner(LbaasTestHost.Provider, (_, n) => LbaasTestHost.NewDevice($"vm-{n}"))));

        var none = await without.CheckAsync(LbaasHealthChecks.DevicesCheckName);
        var provisioned = await with.CheckAsync(LbaasHealthChecks.DevicesCheckName);

        none.Status.Should().Be(HealthStatus.Degraded);
        none.Description.Should().Contain("no device is on-boarded");
        provisioned.Status.Should().Be(HealthStatus.Healthy, provisioned.Description);
    }
}
