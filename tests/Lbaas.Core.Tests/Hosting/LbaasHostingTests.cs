using Lbaas.Core.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Lbaas;

namespace Lbaas.Core.Tests.Hosting;

/// <summary>
/// LBaaS's background work (agents and their heartbeats, the agent monitor, the pending reaper) starts and stops with
/// the generic host; a graceful stop lets an agent finish the operation in progress; without a host the explicit
/// start and stop do the same.
/// </summary>
public sealed class LbaasHostingTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Generic_host_starts_the_agents_the_monitor_and_the_reaper_with_the_host()
    {
        await using var lbaas = HostedLbaas.Create(HostedLbaas.Settings());
        var start = lbaas.Time.GetUtcNow();
        lbaas.Time.ActiveTimers.Should().Be(0);

        await lbaas.Host.StartAsync();

        lbaas.Time.ActiveTimers.Should().Be(4, "two agents' heartbeats, the agent monitor and the reaper, before any service call");
        (await lbaas.HeartbeatsAsync()).Should().BeEquivalentTo(new Dictionary<string, DateTimeOffset> { ["lbaas-agent-1"] = start, ["lbaas-agent-2"] = start });
        lbaas.Time.Advance(HostedLbaas.HeartbeatInterval);
        (await lbaas.HeartbeatsAsync()).Values.Should().AllBeEquivalentTo(start + HostedLbaas.HeartbeatInterval);
        await lbaas.Host.StopAsync();
    }

    [Fact]
    public async Task Generic_host_stop_lets_the_agent_finish_and_report_the_operation_in_progress_and_no_timer_fires_afterwards()
    {
        await using var lbaas = HostedLbaas.Create(HostedLbaas.Settings(HostedLbaas.Device(0, "dev-1")));
        await lbaas.Host.StartAsync();
        var request = await lbaas.NewRequestAsync();
        var gate = lbaas.Driver.Hold();
        var lb = await lbaas.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, request);
        await gate.Entered.WaitAsync(s_timeout);

        var stop = lbaas.Host.StopAsync();
        stop.IsCompleted.Should().BeFalse("the host's stop waits for the agent's operation in progress");
        gate.Release();
        await stop.WaitAsync(s_timeout);

        (await lbaas.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus
            .Should().Be(ProvisioningStatus.Active, "the operation finished and its outcome was reported before the agent stopped");
        lbaas.Time.ActiveTimers.Should().Be(0);
        var heartbeats = await lbaas.HeartbeatsAsync();
        lbaas.Time.Advance(TimeSpan.FromHours(1));
        (await lbaas.HeartbeatsAsync()).Should().BeEquivalentTo(heartbeats, "no heartbeat after the stop");
        lbaas.Logs.WithEvent("AgentStopped").Should().HaveCount(2);
    }

    [Fact]
    public async Task Generic_host_stop_that_is_forced_cancels_the_driver_call_and_reports_nothing()
    {
        await using var lbaas = HostedLbaas.Create(HostedLbaas.Settings(HostedLbaas.Device(0, "dev-1")));
        await lbaas.Host.StartAsync();
        var request = await lbaas.NewRequestAsync();
        var gate = lbaas.Driver.Hold();
        var lb = await lbaas.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, request);
        await gate.Entered.WaitAsync(s_timeout);
        using var shutdownTimeout = new CancellationTokenSource();

        var stop = lbaas.Host.StopAsync(shutdownTimeout.Token);
        stop.IsCompleted.Should().BeFalse();
        await shutdownTimeout.CancelAsync();
        await stop.WaitAsync(s_timeout);
        gate.Release();

        (await lbaas.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus
            .Should().Be(ProvisioningStatus.PendingCreate, "a cancelled operation reports nothing (the reaper or another instance takes it on)");
        lbaas.Time.ActiveTimers.Should().Be(0);
    }

    [Fact]
    public async Task Without_a_host_start_lbaas_async_starts_the_background_work_and_stop_lbaas_async_stops_it()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        host.Time.ActiveTimers.Should().Be(4, "StartLbaasAsync started two heartbeats, the monitor and the reaper");
        var gate = host.Driver.Hold();
        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id);
        await gate.Entered.WaitAsync(s_timeout);

        var stop = host.Services.StopLbaasAsync().AsTask();
        stop.IsCompleted.Should().BeFalse("the agent finishes the delete in progress");
        gate.Release();
        await stop.WaitAsync(s_timeout);
        await host.Services.StopLbaasAsync();

        host.Time.ActiveTimers.Should().Be(0);
        (await host.Service.ListLoadBalancersAsync(LbaasTestHost.Admin)).Should().BeEmpty("the delete finished and was reported");
        var heartbeats = (await host.Agents.ListAgentsAsync()).Select(a => a.HeartbeatAt).ToList();
        host.Time.Advance(TimeSpan.FromHours(1));
        (await host.Agents.ListAgentsAsync()).Select(a => a.HeartbeatAt).Should().Equal(heartbeats);
    }
}
