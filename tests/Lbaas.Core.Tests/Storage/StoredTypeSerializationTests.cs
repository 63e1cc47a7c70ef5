using System.Text.Json;
using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Devices;
using Lbaas.Service;
using Lbaas.Storage;
using Lbaas;

namespace Lbaas.Core.Tests.Storage;

/// <summary>
/// What a SQL store relies on: every stored type round-trips through <see cref="LbaasStoredTypes.JsonOptions"/>; device
/// credentials are kept by the store but never appear in JSON or ToString.
/// </summary>
public sealed class StoredTypeSerializationTests
{
    private static T RoundTrip<T>(T value) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, LbaasStoredTypes.JsonOptions), LbaasStoredTypes.JsonOptions)!;

    [Fact]
    public async Task Every_stored_type_round_trips_through_the_store_json_options()
    {
        await using var host = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero);
        await host.OnboardAsync("dev-1", clusterId: "c1");
        var lb = await host.CreateActiveLoadBalancerAsync();
        var pool = await host.Service.CreatePoolAsync(LbaasTestHost.Caller, new PoolCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP" });
        await host.WhenIdleAsync();
        var listener = await host.Service.CreateListenerAsync(LbaasTestHost.Caller, new ListenerCreateRequest { LoadBalancerId = lb.Id, Protocol = "HTTP", ProtocolPort = 80, DefaultPoolId = pool.Id });
        await host.WhenIdleAsync();
        await host.Service.CreateMemberAsync(LbaasTestHost.Caller, new MemberCreateRequest { PoolId = pool.Id, Address = "10.1.0.5", ProtocolPort = 8080 });
        await host.WhenIdleAsync();
        await host.Service.CreateHealthMonitorAsync(LbaasTestHost.Caller, new HealthMonitorCreateRequest { PoolId = pool.Id, Type = "HTTP", Delay = 5, Timeout = 3, MaxRetries = 3 });
        await host.WhenIdleAsync();
        var store = host.Objects;

        foreach (var stored in await store.LoadBalancers.ListAsync())
        {
            RoundTrip(stored).Should().BeEquivalentTo(stored);
        }

        (await store.Listeners.ListAsync()).Should().ContainSingle().Which.Should().Match<Listener>(l => l.Id == listener.Id);
        foreach (var stored in await store.Listeners.ListAsync())
        {
            RoundTrip(stored).Should().BeEquivalentTo(stored);
        }

        foreach (var stored in await store.Pools.ListAsync())
        {
            RoundTrip(stored).Should().BeEquivalentTo(stored);
        }

        (await store.Members.ListAsync()).Should().ContainSingle();
        foreach (var stored in await store.Members.ListAsync())
        {
            RoundTrip(stored).Should().BeEquivalentTo(stored);
        }

        (await store.HealthMonitors.ListAsync()).Should().ContainSingle();
        foreach (var stored in await store.HealthMonitors.ListAsync())
        {
            RoundTrip(stored).Should().BeEquivalentTo(stored);
        }

        var placement = (await store.Placements.FindAsync(lb.Id))!;
        placement.Results.Should().ContainSingle().Which.Scores.Should().NotBeEmpty();
        var placementCopy = RoundTrip(placement);
        placementCopy.Should().BeEquivalentTo(placement);
        placementCopy.Results[0].Summary.Should().Be(placement.Results[0].Summary);

        var device = (await host.Devices.FindDeviceAsync("dev-1"))!;
        RoundTrip(device).Should().BeEquivalentTo(device, o => o.Excluding(d => d.Credentials));
        var state = (await host.Devices.FindDeviceStateAsync("dev-1"))!;
        state.Claims.Should().ContainSingle().Which.VipAddress.Should().NotBeNull();
        RoundTrip(state).Should().BeEquivalentTo(state, o => o.Excluding(s => s.Device.Credentials));
        var claims = await host.Devices.ListClaimsAsync();
        RoundTrip(claims.ToList()).Should().Equal(claims);
        var agents = await host.Agents.ListAgentsAsync();
        agents.Should().NotBeEmpty();
        RoundTrip(agents.ToList()).Should().Equal(agents);
        RoundTrip(new LoadBalancerClaim("lb", "t", "v", null, "10.0.0.1")).Should().Be(new LoadBalancerClaim("lb", "t", "v", null, "10.0.0.1"));
    }

    [Fact]
    public async Task DeviceCredentials_survive_in_the_store_but_never_in_json_to_string_or_logs()
    {
        await using var host = await LbaasTestHost.CreateAsync(o => o.ReaperInterval = TimeSpan.Zero);
        await host.OnboardAsync("dev-1");
        await host.Registry.UpdateAsync("dev-1", new DeviceUpdate { Name = "renamed" });

        var stored = (await host.Devices.FindDeviceAsync("dev-1"))!;
        stored.Credentials!.Username.Should().Be("admin");
        stored.Credentials.Password.Should().Be(LbaasTestHost.Password);
        (await host.Devices.ListDevicesAsync()).Single().Credentials!.Password.Should().Be(LbaasTestHost.Password);
        (await host.Devices.ListDeviceStatesAsync()).Single().Device.Credentials!.Password.Should().Be(LbaasTestHost.Password);

        var texts = new[]
        {
            JsonSerializer.Serialize(stored, LbaasStoredTypes.JsonOptions),
            JsonSerializer.Serialize(stored),
            JsonSerializer.Serialize(await host.Devices.FindDeviceStateAsync("dev-1"), LbaasStoredTypes.JsonOptions),
            stored.ToString(),
            (await host.Devices.FindDeviceStateAsync("dev-1"))!.ToString(),
            string.Join("\n", host.Logs.Records.Select(r => r.FullText)),
        };
        texts.Should().AllSatisfy(t => t.Should().NotContain(LbaasTestHost.Password));
        RoundTrip(stored).Credentials.Should().BeNull("JSON never carries the secret; the store keeps it separately");
    }
}
