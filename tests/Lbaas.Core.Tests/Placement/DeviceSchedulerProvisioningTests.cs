using Lbaas.Core.Tests.Placement.Support;
using Lbaas.Placement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Placement;

/// <summary>When every device is rejected, the provider's provisioner spawns one and placement runs again.</summary>
public sealed class DeviceSchedulerProvisioningTests
{
    private static PlacementHost Host(Action<PlacementOptions>? configure, params IDeviceProvisioner[] provisioners) =>
        PlacementHost.Create(configure, services: s =>
        {
            foreach (var provisioner in provisioners)
            {
                s.AddSingleton(provisioner);
            }
        });

    [Fact]
    public async Task ScheduleAsync_when_every_device_rejected_provisions_onboards_and_places()
    {
        var provisioner = new FakeProvisioner(Provider, (request, n) => Device($"vm-{n}", kind: DeviceKind.Virtual, maxVips: 4));
        using var host = Host(null, provisioner);
        await host.WithDevicesAsync(Device("full", maxVips: 1));
        host.Fill("full", 1);

        var result = await host.PlaceAsync(Request("lb1"));

        provisioner.Calls.Should().Be(1);
        result.Provisioned.Should().BeTrue();
        result.DeviceId.Should().Be("vm-1");
        result.Rejections.Should().Equal(new DeviceRejection("full", PlacementPolicyNames.Capacity, "at VIP capacity"));
        result.Summary.Should().Be("placed on vm-1 (score 0.25) among 1/2 available devices; provisioned vm-1 after 0/1 devices available: 1 at VIP capacity");
        host.Registry.Find("vm-1")!.Kind.Should().Be(DeviceKind.Virtual);
        host.Registry.ClaimsOf("vm-1").Select(c => c.LoadBalancerId).Should().Equal("lb1");
        host.Logs.Records.Select(e => e.EventId.Id).Should().Contain([2200, 2201]);

        var next = await host.PlaceAsync(Request("lb2"));
        next.DeviceId.Should().Be("vm-1");
        next.Provisioned.Should().BeFalse();
        provisioner.Calls.Should().Be(1);
    }

    [Fact]
    public async Task ScheduleAsync_when_devices_fit_does_not_provision()
    {
        var provisioner = new FakeProvisioner(Provider, (_, n) => Device($"vm-{n}"));
        using var host = Host(null, provisioner);
        await host.WithDevicesAsync(Device("d1"));

        (await host.PlaceAsync(Request("lb1"))).DeviceId.Should().Be("d1");

        provisioner.Calls.Should().Be(0);
    }

    [Fact]
    public async Task ScheduleAsync_when_provisioning_disabled_returns_rejections_without_calling_provisioner()
    {
        var provisioner = new FakeProvisioner(Provider, (_, n) => Device($"vm-{n}"));
        using var host = Host(o => o.AllowProvisioning = false, provisioner);
        await host.WithDevicesAsync(Device("other", provider: "other"));

        var result = await host.PlaceAsync(Request("lb1"));

        provisioner.Calls.Should().Be(0);
        result.Succeeded.Should().BeFalse();
        result.Summary.Should().Be("0/1 devices available: 1 wrong provider; provisioning disabled");
    }

    [Fact]
    public async Task ScheduleAsync_when_only_another_provider_can_spawn_does_not_provision()
    {
        var provisioner = new FakeProvisioner("other", (_, n) => Device($"vm-{n}", provider: "other"));
        using var host = Host(null, provisioner);

        var result = await host.PlaceAsync(Request("lb1"));

        provisioner.Calls.Should().Be(0);
        result.Summary.Should().Be("0/0 devices available: no device registered");
    }

    [Fact]
    public async Task ScheduleAsync_when_provisioner_makes_nothing_explains_and_tries_the_next_provisioner()
    {
        var empty = new FakeProvisioner(Provider, (_, _) => null);
        var failing = new FakeProvisioner(Provider, (_, _) => throw new InvalidOperationException("quota exceeded"));
        using var host = Host(null, empty, failing);

        var result = await host.PlaceAsync(Request("lb1"));

        empty.Calls.Should().Be(1);
        failing.Calls.Should().Be(1);
        result.Succeeded.Should().BeFalse();
        result.Provisioned.Should().BeFalse();
        result.Summary.Should().Be("0/0 devices available: no device registered; provisioning failed: quota exceeded");
        host.Logs.Records.Should().Contain(e => e.EventId.Id == 2202 && e.Level == LogLevel.Warning);
        host.Logs.Records.Should().Contain(e => e.EventId.Id == 2203 && e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task ScheduleAsync_when_provisioned_device_invalid_reports_registry_refusal()
    {
        var provisioner = new FakeProvisioner(Provider, (_, _) => Device("vm-bad", maxVips: 0));
        using var host = Host(null, provisioner);

        var result = await host.PlaceAsync(Request("lb1"));

        result.Succeeded.Should().BeFalse();
        result.Summary.Should().StartWith("0/0 devices available: no device registered; provisioned device rejected: Invalid input");
        host.Registry.Find("vm-bad").Should().BeNull();
        host.Logs.Records.Should().Contain(e => e.EventId.Id == 2204);
    }

    [Fact]
    public async Task ScheduleAsync_when_provisioned_device_does_not_fit_either_says_so()
    {
        var provisioner = new FakeProvisioner(Provider, (_, n) => Device($"vm-{n}", tenantId: "someone-else"));
        using var host = Host(null, provisioner);

        var result = await host.PlaceAsync(Request("lb1"));

        result.Succeeded.Should().BeFalse();
        result.Provisioned.Should().BeTrue();
        result.Summary.Should().Be("0/1 devices available: 1 private to another project; provisioned vm-1, which does not fit either");
    }

    [Fact]
    public async Task ScheduleAsync_when_cancelled_while_provisioning_throws()
    {
        using var cancellation = new CancellationTokenSource();
        var provisioner = new FakeProvisioner(Provider, (_, _) =>
        {
            cancellation.Cancel();
            cancellation.Token.ThrowIfCancellationRequested();
            return null;
        });
        using var host = Host(null, provisioner);
        var request = Request("lb1");

        var act = async () => await host.Scheduler.ScheduleAsync(request, cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
