using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Service;
using Microsoft.Extensions.DependencyInjection;
using Lbaas;
using Ml2.Model;
using Ml2.Plugin;

namespace Lbaas.Core.Tests.Service;

/// <summary>
/// The device-port leak of the two-controller PostgreSQL test, forced deterministically with two controller instances
/// on one store: controller A places an ACTIVE_STANDBY load balancer, claims the device for the active half, then finds
/// no device for the standby (held there, in the provisioner it asks, by a gate); meanwhile controller B deletes the
/// last other load balancer of the device on the same networks, whose unwire sees A's claim and keeps the device's
/// ports for it. A then gives its claim back: the ports must go with it.
/// </summary>
public sealed class TwoControllerDevicePortTests
{
    [Fact]
    public async Task A_claim_given_back_by_a_failed_placement_removes_the_device_ports_another_controller_kept_for_it()
    {
        var standby = new GatedProvisioner(LbaasTestHost.Provider);
        await using var a = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero, build: l => l.AddDeviceProvisioner(standby));
        await a.OnboardAsync("dev-1", clusterId: "rack-1");
        var leaving = await a.CreateActiveLoadBalancerAsync();
        await using var b = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero, seed: 12, shareStoresWith: a);
        (await DevicePortsAsync(a)).Should().HaveCount(2, "dev-1 is wired into the VIP and the member network");

        // A: the active half claims dev-1, then the standby placement waits in the provisioner.
        var placing = Task.Run(async () => await a.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, a.NewRequest(LoadBalancerTopologies.ActiveStandby)));
        await standby.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        (await a.Devices.FindDeviceStateAsync("dev-1"))!.Claims.Should().HaveCount(2, "A's claim is held while B deletes");

        // B: the last other load balancer leaves dev-1; its unwire sees A's claim on the same networks and keeps the ports.
        await b.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, leaving.Id);
        await b.WhenIdleAsync();
        (await b.Objects.LoadBalancers.FindAsync(leaving.Id)).Should().BeNull();
        (await DevicePortsAsync(a)).Should().HaveCount(2, "kept for A's claim");

        // A: no standby device; the placement is rolled back and its claim given back.
        standby.Release();
        await FluentActions.Awaiting(() => placing).Should().ThrowAsync<NoEligibleDeviceException>();
        await a.WhenIdleAsync();

        (await a.Devices.ListClaimsAsync()).Should().BeEmpty();
        (await a.Objects.LoadBalancers.ListAsync()).Should().BeEmpty();
        (await DevicePortsAsync(a)).Should().BeEmpty("no claim on dev-1 uses its networks any more: the last one out removes the ports");
        (await a.Ml2.ListPortsAsync(LbaasTestHost.Admin)).Should().BeEmpty();
    }

    private static async Task<IReadOnlyList<Port>> DevicePortsAsync(LbaasTestHost host) =>
        await host.Ml2.ListPortsAsync(LbaasTestHost.Admin, ListFilter.Where("device_id", "dev-1").And("device_owner", DeviceOwners.LoadBalancer));

    /// <summary>A provisioner that makes no device, once the test lets it answer.</summary>
    private sealed class GatedProvisioner(string provider) : IDeviceProvisioner
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Provider => provider;

        public Task Entered => _entered.Task;

        public void Release() => _release.TrySetResult();

        public async ValueTask<Device?> ProvisionAsync(PlacementRequest request, CancellationToken cancellationToken)
        {
            _entered.TrySetResult();
            await _release.Task.WaitAsync(cancellationToken);
            return null;
        }
    }
}
