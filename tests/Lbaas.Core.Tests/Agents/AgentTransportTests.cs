using Lbaas.Agents;
using Lbaas.Core.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Lbaas;

namespace Lbaas.Core.Tests.Agents;

/// <summary>The transport contract as a cross-process transport sees it: heartbeats, operations, reports.</summary>
public sealed class AgentTransportTests
{
    private static async Task<(LbaasTestHost Host, ScriptedAgentTransport Transport)> CreateAsync()
    {
        var transport = new ScriptedAgentTransport();
        var host = await LbaasTestHost.CreateAsync(build: b => b.UseAgentTransport(transport));
        await host.OnboardAsync("dev-1");
        return (host, transport);
    }

    [Fact]
    public async Task SendAsync_when_no_agent_is_alive_parks_the_operation_until_an_agent_heartbeats()
    {
        var (host, transport) = await CreateAsync();
        await using var _ = host;

        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        transport.Sent.Should().BeEmpty();
        host.Ledger.OutstandingCount.Should().Be(1);
        host.Logs.WithEvent("NoLiveAgent").Should().ContainSingle();

        await transport.Sink.HeartbeatAsync("remote-1", CancellationToken.None);
        await host.Monitor.CheckAsync();

        var (agentId, operation) = transport.Sent.Should().ContainSingle().Subject;
        agentId.Should().Be("remote-1");
        operation.Should().BeOfType<AgentOperation<LoadBalancer>>().Which.Current.Id.Should().Be(lb.Id);
        operation.Action.Should().Be(AgentOperationAction.Create);
        operation.DeviceId.Should().Be("dev-1");
        operation.Provider.Should().Be(LbaasTestHost.Provider);
        host.Registry.Find("dev-1")!.AgentId.Should().Be("remote-1");

        (await transport.Sink.ShouldRunAsync("remote-1", operation.Id, CancellationToken.None)).Should().BeTrue();
        (await transport.Sink.ShouldRunAsync("remote-2", operation.Id, CancellationToken.None)).Should().BeFalse();
        await transport.Sink.ReportAsync(new AgentOperationReport(operation.Id, "remote-1", Succeeded: true), CancellationToken.None);
        await host.WhenIdleAsync();

        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
    }

    [Fact]
    public async Task ReportAsync_from_an_agent_the_operation_is_not_with_is_ignored()
    {
        var (host, transport) = await CreateAsync();
        await using var _ = host;
        await transport.Sink.HeartbeatAsync("remote-1", CancellationToken.None);
        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        var operation = transport.Sent.Single().Operation;

        await transport.Sink.ReportAsync(new AgentOperationReport(operation.Id, "impostor", Succeeded: false, "nope"), CancellationToken.None);

        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.PendingCreate);
        host.Logs.WithEvent("StaleReport").Should().ContainSingle();
        await transport.Sink.ReportAsync(new AgentOperationReport(operation.Id, "remote-1", Succeeded: true), CancellationToken.None);
        await host.WhenIdleAsync();
        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Active);
    }

    [Fact]
    public async Task SendAsync_when_the_agent_cannot_be_reached_the_create_fails_and_the_claim_is_released()
    {
        var (host, transport) = await CreateAsync();
        await using var _ = host;
        await transport.Sink.HeartbeatAsync("remote-1", CancellationToken.None);
        transport.SendFailure = new IOException("connection refused");

        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        await host.WhenIdleAsync();

        (await host.Service.GetLoadBalancerAsync(LbaasTestHost.Caller, lb.Id)).ProvisioningStatus.Should().Be(ProvisioningStatus.Error);
        host.Registry.ClaimsOf("dev-1").Should().BeEmpty();
        host.Logs.WithEvent("ObjectFailed").Should().ContainSingle().Which.Message.Should().Contain("Agent 'remote-1' could not be reached: connection refused");
    }

    [Fact]
    public async Task UpdateLoadBalancerAsync_sends_the_original_and_the_change()
    {
        var (host, transport) = await CreateAsync();
        await using var _ = host;
        await transport.Sink.HeartbeatAsync("remote-1", CancellationToken.None);
        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest());
        await transport.Sink.ReportAsync(new AgentOperationReport(transport.Sent[0].Operation.Id, "remote-1", true), CancellationToken.None);

        await host.Service.UpdateLoadBalancerAsync(LbaasTestHost.Caller, lb.Id, new Lbaas.Service.LoadBalancerUpdateRequest { Name = "new" });

        var update = transport.Sent[1].Operation.Should().BeOfType<AgentOperation<LoadBalancer>>().Subject;
        update.Action.Should().Be(AgentOperationAction.Update);
        update.Current.Name.Should().Be("new");
        update.Original!.Name.Should().Be("web");
        update.ObjectType.Should().Be(LoadBalancerObjectType.LoadBalancer);
        update.ObjectId.Should().Be(lb.Id);
    }

    [Fact]
    public void AgentOperation_of_a_non_load_balancer_type_is_refused()
    {
        var act = () => new AgentOperation<string>
        {
            Id = "op",
            Action = AgentOperationAction.Create,
            Provider = "p",
            DeviceId = "d",
            LoadBalancer = new LoadBalancer { Id = "lb", TenantId = "t", VipNetworkId = "n", Provider = "p" },
            Current = "x",
        };

        act.Should().Throw<NotSupportedException>();
    }
}
