using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Service;
using Lbaas;

namespace Lbaas.Core.Tests.Agents;

/// <summary>Several agents with heartbeats: a dead agent's devices move to a live one and its unfinished operations are redone.</summary>
public sealed class AgentTakeoverTests
{
    [Fact]
    public async Task Monitor_when_agent_stops_heartbeating_moves_its_devices_and_redoes_the_unfinished_create()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var gate = host.Driver.Hold();
        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        var first = await gate.Entered;
        var owner = host.Registry.Find("dev-1")!.AgentId;
        owner.Should().Be("lbaas-agent-1");

        host.Driver.StopHolding();
        host.Agent(owner!).Stop();
        host.Time.Advance(LbaasTestHost.DeadAfter);
        host.Registry.Find("dev-1")!.AgentId.Should().Be(owner, "an agent silent for exactly AgentDeadAfter is still alive");
        host.Time.Advance(LbaasTestHost.HeartbeatInterval);
        await host.WhenIdleAsync();

        host.Registry.Find("dev-1")!.AgentId.Should().Be("lbaas-agent-2");
        var calls = host.Driver.CallsOf("CreateLoadBalancer");
        calls.Should().HaveCount(2, "the create the dead agent never finished is redone (drivers are idempotent)");
        calls.Should().AllSatisfy(c => c.Should().Be(first));
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
        host.Logs.WithEvent("AgentDead").Should().ContainSingle().Which.Message.Should().Contain("lbaas-agent-1");
        host.Logs.WithEvent("DeviceMoved").Should().ContainSingle().Which.Message.Should().Contain("dev-1");
        host.Logs.WithEvent("OperationRedone").Should().ContainSingle().Which.Message.Should().Contain("lbaas-agent-2");
    }

    [Fact]
    public async Task Dispatch_when_owner_died_and_monitor_has_not_run_yet_takes_over_before_sending()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        host.Agent("lbaas-agent-1").Stop();
        host.Time.Advance(LbaasTestHost.DeadAfter + TimeSpan.FromSeconds(1));
        host.Registry.Find("dev-1")!.AgentId.Should().Be("lbaas-agent-1", "the monitor's last check saw it alive");

        var listener = await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await host.WhenIdleAsync();

        host.Registry.Find("dev-1")!.AgentId.Should().Be("lbaas-agent-2");
        (await host.Service.GetListenerAsync(LbaasTestHost.Caller, listener.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
    }

    [Fact]
    public async Task Takeover_when_active_standby_spans_both_agents_redoes_only_the_dead_agents_half()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-a", clusterId: "a");
        await host.OnboardAsync("dev-b", clusterId: "b");
        var gate = host.Driver.Hold();
        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest(LoadBalancerTopologies.ActiveStandby));
        await gate.WhenEnteredAsync(2);
        lb.DeviceIds.Should().BeEmpty("device ids are shown to admins only");
        var devices = (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Admin, lb.Id)).DeviceIds;
        devices.Select(d => host.Registry.Find(d)!.AgentId).Should().BeEquivalentTo(["lbaas-agent-1", "lbaas-agent-2"], "devices go to the agent owning the fewest");
        var standby = devices.Single(d => host.Registry.Find(d)!.AgentId == "lbaas-agent-2");

        host.Driver.StopHolding();
        host.Agent("lbaas-agent-2").Stop();
        gate.Release();
        host.Time.Advance(LbaasTestHost.DeadAfter + LbaasTestHost.HeartbeatInterval);
        await host.WhenIdleAsync();

        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
        host.Registry.List().Should().OnlyContain(d => d.AgentId == "lbaas-agent-1");
        var calls = host.Driver.CallsOf("CreateLoadBalancer");
        calls.Where(c => c.DeviceId == standby).Should().HaveCount(2, "the dead agent's half is redone on the live agent");
        calls.Where(c => c.DeviceId != standby).Should().ContainSingle("the live agent's half is not redone");
    }

    [Fact]
    public async Task Devices_are_spread_over_agents_by_fewest_owned()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        foreach (var id in new[] { "dev-1", "dev-2", "dev-3", "dev-4" })
        {
            await host.OnboardAsync(id, maxVips: 1);
        }

        for (var i = 0; i < 4; i++)
        {
            await host.CreateActiveLoadBalancerAsync();
        }

        host.Registry.List().GroupBy(d => d.AgentId).Select(g => (g.Key, g.Count()))
            .Should().BeEquivalentTo(new[] { ("lbaas-agent-1", 2), ("lbaas-agent-2", 2) });
    }

    [Fact]
    public async Task Monitor_when_a_dead_agent_heartbeats_again_it_is_alive_but_its_devices_stay_moved()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        await host.CreateActiveLoadBalancerAsync();
        host.Agent("lbaas-agent-1").Stop();
        host.Time.Advance(LbaasTestHost.DeadAfter + LbaasTestHost.HeartbeatInterval);
        await host.WhenIdleAsync();
        host.Registry.Find("dev-1")!.AgentId.Should().Be("lbaas-agent-2");

        await host.Dispatcher.HeartbeatAsync("lbaas-agent-1", CancellationToken.None);
        await host.Monitor.CheckAsync();

        host.Logs.WithEvent("AgentRevived").Should().ContainSingle().Which.Message.Should().Contain("lbaas-agent-1");
        host.Registry.Find("dev-1")!.AgentId.Should().Be("lbaas-agent-2", "there is no preemption back (neutron-lbaas)");
    }
}
