using Lbaas.Agents;
using Lbaas.Core.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lbaas.Core.Tests.Agents;

/// <summary>Agent assignment on its own: who owns a device, and what a take-over moves.</summary>
public sealed class AgentAssignmentTests
{
    [Fact]
    public async Task OwnerOfAsync_when_the_owner_is_silent_past_dead_after_names_the_dead_owner_and_take_over_moves_the_device()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        await host.CreateActiveLoadBalancerAsync();
        var assignment = host.Services.GetRequiredService<AgentAssignment>();
        (await assignment.OwnerOfAsync("dev-1", host.Time.GetUtcNow())).Should().Be(("lbaas-agent-1", (string?)null));

        host.Agent("lbaas-agent-1").Stop();
        host.Time.Advance(LbaasTestHost.DeadAfter + TimeSpan.FromSeconds(1));
        var now = host.Time.GetUtcNow();

        (await assignment.OwnerOfAsync("dev-1", now)).Should().Be(((string?)null, "lbaas-agent-1"));
        (await assignment.TakeOverAsync("lbaas-agent-1", now)).Should().BeTrue();
        host.Registry.Find("dev-1")!.AgentId.Should().Be("lbaas-agent-2");
        (await assignment.OwnerOfAsync("dev-1", now)).Should().Be(("lbaas-agent-2", (string?)null));
    }

    [Fact]
    public async Task TakeOverAsync_of_a_live_agent_moves_nothing()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        await host.OnboardAsync("dev-1");
        await host.CreateActiveLoadBalancerAsync();
        var assignment = host.Services.GetRequiredService<AgentAssignment>();

        (await assignment.TakeOverAsync("lbaas-agent-1", host.Time.GetUtcNow())).Should().BeFalse();

        host.Registry.Find("dev-1")!.AgentId.Should().Be("lbaas-agent-1");
        host.Logs.WithEvent("AgentDead").Should().BeEmpty();
    }

    [Fact]
    public async Task OwnerOfAsync_of_an_unregistered_device_names_no_owner()
    {
        await using var host = await LbaasTestHost.CreateAsync();
        var assignment = host.Services.GetRequiredService<AgentAssignment>();

        (await assignment.OwnerOfAsync("nowhere", host.Time.GetUtcNow())).Should().Be(((string?)null, (string?)null));
        assignment.IsRegistered("nowhere").Should().BeFalse();
    }
}
