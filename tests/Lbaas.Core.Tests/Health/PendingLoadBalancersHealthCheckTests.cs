using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Lbaas;

namespace Lbaas.Core.Tests.Health;

/// <summary>The lbaas-pending check: load balancers stuck PENDING_* longer than PendingMaxAge (manual clock).</summary>
public sealed class PendingLoadBalancersHealthCheckTests
{
    [Fact]
    public async Task Pending_when_a_load_balancer_never_reports_is_degraded_past_the_maximum_age_naming_it()
    {
        await using var host = await HealthHost.CreateAsync(h => h.PendingMaxAge = TimeSpan.FromMinutes(3));
        await host.OnboardAsync("dev-1");
        var gate = host.Driver.Hold();
        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        await gate.Entered;

        host.Time.Advance(TimeSpan.FromMinutes(3));
        var atMaximum = await host.CheckAsync(LbaasHealthChecks.PendingCheckName);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var stuck = await host.CheckAsync(LbaasHealthChecks.PendingCheckName);

        atMaximum.Status.Should().Be(HealthStatus.Healthy, atMaximum.Description);
        atMaximum.Data["pending"].Should().Be(1);
        stuck.Status.Should().Be(HealthStatus.Degraded);
        stuck.Data["stuck"].Should().Be(1);
        stuck.Data["stuck_load_balancers"].Should().BeEquivalentTo(new[] { lb.Id });
        stuck.Description.Should().Contain($"{lb.Id} ({ProvisioningStatus.PendingCreate} for 00:03:01)");

        gate.Release();
        await host.WhenIdleAsync();
        (await host.CheckAsync(LbaasHealthChecks.PendingCheckName)).Status.Should().Be(HealthStatus.Healthy, "the load balancer became ACTIVE");
    }

    [Fact]
    public async Task Pending_when_load_balancers_are_active_is_healthy()
    {
        await using var host = await HealthHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        await host.CreateActiveLoadBalancerAsync();
        host.Time.Advance(TimeSpan.FromHours(1));

        var entry = await host.CheckAsync(LbaasHealthChecks.PendingCheckName);

        entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
        entry.Data["load_balancers"].Should().Be(1);
        entry.Data["pending"].Should().Be(0);
    }
}
