using Lbaas.Agents;
using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Service;
using Lbaas;

namespace Lbaas.Core.Tests.Service;

/// <summary>The reaper: objects stuck in PENDING_* past the timeout go to ERROR and can be deleted.</summary>
public sealed class PendingReaperTests
{
    [Fact]
    public async Task RunOnceAsync_when_pending_not_yet_timed_out_leaves_it_alone()
    {
        await using var host = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero);
        await host.OnboardAsync("dev-1");
        var gate = host.Driver.Hold();
        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        await gate.Entered;

        host.Time.Advance(LbaasTestHost.PendingTimeout);
        var reaped = await host.Reaper.RunOnceAsync();

        reaped.Should().BeEmpty();
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.PendingCreate);
        gate.Release();
        await host.WhenIdleAsync();
    }

    [Fact]
    public async Task RunOnceAsync_when_load_balancer_stuck_past_timeout_moves_it_and_pending_children_to_error_and_ignores_the_late_report()
    {
        await using var host = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero);
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        var gate = host.Driver.Hold();
        var listener = await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await gate.Entered;

        host.Time.Advance(LbaasTestHost.PendingTimeout + TimeSpan.FromSeconds(1));
        var reaped = await host.Reaper.RunOnceAsync();

        reaped.Should().BeEquivalentTo(new[] { (LoadBalancerObjectType.LoadBalancer, lb.Id), (LoadBalancerObjectType.Listener, listener.Id) });
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Error);
        (await host.Service.GetListenerAsync(LbaasTestHost.Caller, listener.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Error);
        host.Logs.WithEvent("ObjectReaped").Should().HaveCount(2);

        gate.Release();
        await host.WhenIdleAsync();
        (await host.Service.GetListenerAsync(LbaasTestHost.Caller, listener.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Error, "a report after the reaper must not flip the status");
        host.Logs.WithEvent("StaleReport").Should().NotBeEmpty();
    }

    [Fact]
    public async Task Reaper_timer_when_create_never_reports_error_then_delete_succeeds()
    {
        await using var host = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.FromMinutes(1));
        await host.OnboardAsync("dev-1");
        var gate = host.Driver.Hold();
        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        await gate.Entered;

        host.Time.Advance(LbaasTestHost.PendingTimeout + TimeSpan.FromMinutes(1));
        await host.Ledger.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));

        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Error);
        host.Driver.StopHolding();
        gate.Release();
        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        await host.WhenIdleAsync();
        (await host.Service.ListLoadBalancersAsync(LbaasTestHost.Admin)).Should().BeEmpty();
        host.Registry.ClaimsOf("dev-1").Should().BeEmpty();
    }

    [Fact]
    public async Task RunOnceAsync_when_pending_delete_is_stuck_error_keeps_the_claim_until_deleted_again()
    {
        await using var host = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero);
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        var gate = host.Driver.Hold();
        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        await gate.Entered;

        host.Time.Advance(LbaasTestHost.PendingTimeout + TimeSpan.FromSeconds(1));
        await host.Reaper.RunOnceAsync();
        host.Driver.StopHolding();
        gate.Release();
        await host.WhenIdleAsync();

        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Error);
        host.Registry.ClaimsOf("dev-1").Should().ContainSingle();
        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        await host.WhenIdleAsync();
        host.Registry.ClaimsOf("dev-1").Should().BeEmpty();
    }
}
