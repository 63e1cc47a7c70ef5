using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lbaas.Core.Tests.Health;

/// <summary>The lbaas-agents check over the real agents and their heartbeats (manual clock).</summary>
public sealed class AgentsHealthCheckTests
{
    [Fact]
    public async Task Agents_when_all_heartbeat_are_healthy()
    {
        await using var host = await HealthHost.CreateAsync();
        host.Time.Advance(LbaasTestHost.DeadAfter + LbaasTestHost.HeartbeatInterval);

        var entry = await host.CheckAsync(LbaasHealthChecks.AgentsCheckName);

        entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
        entry.Data["agents"].Should().Be(2);
        entry.Data["alive"].Should().Be(2);
    }

    [Fact]
    public async Task Agents_when_one_stops_heartbeating_are_degraded_naming_it_only_once_it_is_dead()
    {
        await using var host = await HealthHost.CreateAsync();
        host.Agent("lbaas-agent-1").Stop();

        host.Time.Advance(LbaasTestHost.DeadAfter);
        var silentButAlive = await host.CheckAsync(LbaasHealthChecks.AgentsCheckName);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var dead = await host.CheckAsync(LbaasHealthChecks.AgentsCheckName);

        silentButAlive.Status.Should().Be(HealthStatus.Healthy, "an agent silent for exactly AgentDeadAfter is still alive");
        dead.Status.Should().Be(HealthStatus.Degraded);
        dead.Data["dead"].Should().Be(1);
        dead.Data["dead_agents"].Should().BeEquivalentTo(new[] { "lbaas-agent-1" });
        dead.Description.Should().Contain("1 of 2 LBaaS agents are dead").And.Contain("lbaas-agent-1 (last heartbeat 00:00:31 ago)");
    }

    [Fact]
    public async Task Agents_when_lbaas_was_never_started_are_unhealthy_saying_no_agent_reported()
    {
        var services = new ServiceCollection();
        services.AddMl2();
        services.AddLbaas(o => o.Providers = [$"LOADBALANCERV2:{LbaasTestHost.Provider}:recording:default"])
                .AddLoadBalancerDriver(new RecordingLoadBalancerDriver());
        services.AddHealthChecks().AddLbaasChecks();
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == LbaasHealthChecks.AgentsCheckName);
        var entry = report.Entries[LbaasHealthChecks.AgentsCheckName];

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Data["agents"].Should().Be(0);
        entry.Description.Should().StartWith("No LBaaS agent has sent a heartbeat").And.Contain("StartLbaasAsync");
    }

    [Fact]
    public async Task Agents_when_none_is_alive_are_unhealthy()
    {
        await using var host = await HealthHost.CreateAsync();
        host.Agent("lbaas-agent-1").Stop();
        host.Agent("lbaas-agent-2").Stop();

        host.Time.Advance(LbaasTestHost.DeadAfter + TimeSpan.FromSeconds(1));
        var entry = await host.CheckAsync(LbaasHealthChecks.AgentsCheckName);

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Data["alive"].Should().Be(0);
        entry.Description.Should().StartWith("None of the 2 LBaaS agents is alive");
    }
}
