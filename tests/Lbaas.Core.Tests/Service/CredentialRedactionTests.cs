using System.Text.Json;
using Lbaas.Agents;
using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Service;
using Lbaas;

namespace Lbaas.Core.Tests.Service;

/// <summary>Device credentials reach the driver and nothing else: no log line, no serialised object, no error message.</summary>
public sealed class CredentialRedactionTests
{
    [Fact]
    public async Task Full_lifecycle_with_failures_and_agent_death_never_logs_or_serialises_the_credentials()
    {
        await using var host = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero);
        await host.OnboardAsync("dev-1", clusterId: "a", maxVips: 1);
        await host.OnboardAsync("dev-2", clusterId: "b", maxVips: 1);
        var seen = new List<string>();

        var gate = host.Driver.Hold();
        var lb = await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest(LoadBalancerTopologies.ActiveStandby));
        await gate.WhenEnteredAsync(2);
        host.Driver.StopHolding();
        host.Agent("lbaas-agent-1").Stop();
        gate.Release();
        host.Time.Advance(LbaasTestHost.DeadAfter + LbaasTestHost.HeartbeatInterval);
        await host.WhenIdleAsync();

        host.Driver.Fail = call => call.Method == "CreateListener" ? new InvalidOperationException("listener refused") : null;
        var listener = await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80 });
        await host.WhenIdleAsync();
        host.Driver.Fail = null;
        var noDevice = async () => await host.Service.CreateLoadBalancerAsync(LbaasTestHost.Caller, host.NewRequest(LoadBalancerTopologies.ActiveStandby) with { Provider = "ACME" });
        var error = (await noDevice.Should().ThrowAsync<NoEligibleDeviceException>()).Which;
        seen.Add(error.ToString());
        seen.Add(JsonSerializer.Serialize(error.Results));
        seen.Add(JsonSerializer.Serialize(await host.Service.GetPlacementAsync(LbaasTestHost.Admin, lb.Id)));
        seen.Add(JsonSerializer.Serialize(await host.Service.GetListenerAsync(LbaasTestHost.Admin, listener.Id)));
        seen.Add(JsonSerializer.Serialize(await host.Service.GetLoadBalancerAsync(LbaasTestHost.Admin, lb.Id)));
        await host.Service.DeleteLoadBalancerAsync(LbaasTestHost.Caller, lb.Id, cascade: true);
        await host.WhenIdleAsync();

        host.Driver.Calls.Should().NotBeEmpty().And.OnlyContain(c => c.HadCredentials, "drivers need the device's credentials");
        var devices = host.Registry.List();
        devices.Should().OnlyContain(d => d.Credentials != null && d.Credentials.Password == LbaasTestHost.Password);
        seen.Add(JsonSerializer.Serialize(devices));
        seen.AddRange(devices.Select(d => d.ToString()));
        seen.AddRange(host.Logs.Records.Select(r => r.FullText));

        host.Logs.Records.Should().Contain(r => r.EventId.Name == "AgentDead");
        host.Logs.Records.Should().Contain(r => r.EventId.Name == "ObjectFailed");
        seen.Should().NotContain(text => text.Contains(LbaasTestHost.Password, StringComparison.Ordinal));
    }

    [Fact]
    public void AgentOperation_carries_the_device_id_not_the_device()
    {
        var operation = new AgentOperation<LoadBalancer>
        {
            Id = "op-1",
            Action = AgentOperationAction.Create,
            Provider = "acme",
            DeviceId = "dev-1",
            LoadBalancer = new LoadBalancer { Id = "lb", TenantId = "t", VipNetworkId = "n", Provider = "acme" },
            Current = new LoadBalancer { Id = "lb", TenantId = "t", VipNetworkId = "n", Provider = "acme" },
        };

        var json = JsonSerializer.Serialize<AgentOperation>(operation);

        json.Should().Contain("\"DeviceId\":\"dev-1\"").And.NotContain("Password").And.NotContain("Credentials");
    }
}
