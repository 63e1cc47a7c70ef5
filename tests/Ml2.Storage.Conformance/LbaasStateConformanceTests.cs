using Lbaas.Devices;
using Lbaas.Storage;
using Ml2.Exceptions;
using Lbaas;

namespace Ml2.Storage.Conformance;

/// <summary>
/// The LBaaS state store: objects with a compare-and-set revision on load balancers, devices that keep their
/// credentials, capacity claims that no race can overcommit, agents.
/// </summary>
public abstract class LbaasStateConformanceTests(StoreTarget target) : StoreSuite(target)
{
    private ILbaasStateStore State => Host.LbaasState;

    [Fact]
    public async Task Objects_commit_as_a_unit_and_load_balancers_compare_and_set_their_revision()
    {
        var created = await State.WriteAsync(async w =>
        {
            var lb = await w.InsertAsync(LoadBalancer("lb-1"));
            await w.InsertAsync(new Listener { Id = "l-1", TenantId = "t", LoadBalancerId = "lb-1", Protocol = "HTTP", ProtocolPort = 80 });
            return lb;
        });
        created.RevisionNumber.Should().Be(1);

        var updated = await State.WriteAsync(w => w.UpdateAsync(created with { Name = "renamed" }));
        updated.RevisionNumber.Should().Be(2);
        var stale = async () => await State.WriteAsync(w => w.UpdateAsync(created with { Name = "lost" }));
        (await stale.Should().ThrowAsync<ConcurrencyConflictException>()).Which.ActualRevision.Should().Be(2);
        var missing = async () => await State.WriteAsync(w => w.UpdateAsync(LoadBalancer("nope")));
        await missing.Should().ThrowAsync<ResourceNotFoundException>();
        var duplicate = async () => await State.WriteAsync(w => w.InsertAsync(LoadBalancer("lb-1")));
        await duplicate.Should().ThrowAsync<ConflictException>();

        var failing = async () => await State.WriteAsync<int>(async w =>
        {
            await w.InsertAsync(LoadBalancer("lb-2"));
            await w.DeleteAsync<Listener>("l-1");
            throw new InvalidOperationException("abandon the unit");
        });
        await failing.Should().ThrowAsync<InvalidOperationException>();

        (await State.FindAsync<LoadBalancer>("lb-1"))!.Name.Should().Be("renamed");
        (await State.FindAsync<LoadBalancer>("lb-2")).Should().BeNull();
        (await State.ListAsync<Listener>()).Should().ContainSingle().Which.ProtocolPort.Should().Be(80);
        (await State.WriteAsync(w => w.DeleteAsync<Listener>("l-1"))).Should().BeTrue();
        (await State.WriteAsync(w => w.DeleteAsync<Listener>("l-1"))).Should().BeFalse();
    }

    [Fact]
    public async Task Devices_keep_their_credentials_and_change_by_compare_and_set()
    {
        var added = await State.AddDeviceAsync(Device("adc-1", maxVips: 2) with { RevisionNumber = 42 });
        added.RevisionNumber.Should().Be(1);
        var duplicate = async () => await State.AddDeviceAsync(Device("adc-1", maxVips: 2));
        await duplicate.Should().ThrowAsync<ConflictException>();

        var found = (await State.FindDeviceAsync("adc-1"))!;
        found.Credentials!.Username.Should().Be("admin");
        found.Credentials.Password.Should().Be("s3cret");
        found.ToString().Should().NotContain("s3cret");

        var updated = await State.UpdateDeviceAsync(found with { Name = "edge" }, expectedRevision: 1);
        updated.RevisionNumber.Should().Be(2);
        var stale = async () => await State.UpdateDeviceAsync(found with { Name = "lost" }, expectedRevision: 1);
        await stale.Should().ThrowAsync<ConcurrencyConflictException>();
        var missing = async () => await State.UpdateDeviceAsync(Device("ghost", 1), expectedRevision: 1);
        await missing.Should().ThrowAsync<ResourceNotFoundException>();

        (await State.ListDevicesAsync()).Should().ContainSingle().Which.Name.Should().Be("edge");
        (await State.RemoveDeviceAsync("ghost")).Status.Should().Be(DeviceRemovalStatus.NotFound);
        (await State.TryClaimAsync("adc-1", Claim("lb-1", "net-a"), null)).Status.Should().Be(ClaimStatus.Claimed);
        (await State.RemoveDeviceAsync("adc-1")).Should().Be(new DeviceRemoval(DeviceRemovalStatus.HostsLoadBalancers, 1));
        await State.ReleaseClaimAsync("adc-1", "lb-1");
        (await State.RemoveDeviceAsync("adc-1")).Status.Should().Be(DeviceRemovalStatus.Removed);
        (await State.ListDevicesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_claim_is_judged_in_order_and_every_change_bumps_the_device_revision_by_one()
    {
        await State.AddDeviceAsync(Device("adc-1", maxVips: 2, maxNetworks: 3));
        (await State.TryClaimAsync("nope", Claim("lb-0", "n1"), null)).Should().Be(new ClaimResult(ClaimStatus.NotFound, 0));
        (await State.TryClaimAsync("adc-1", Claim("lb-1", "n1", "n2"), 7)).Should().Be(new ClaimResult(ClaimStatus.RevisionConflict, 1));
        (await State.TryClaimAsync("adc-1", Claim("lb-1", "n1", "n2"), 1)).Should().Be(new ClaimResult(ClaimStatus.Claimed, 2));
        (await State.TryClaimAsync("adc-1", Claim("lb-1", "n1", "n2"), null)).Should().Be(new ClaimResult(ClaimStatus.AlreadyClaimed, 2));
        (await State.TryClaimAsync("adc-1", Claim("lb-2", "n3", "n4"), null)).Should().Be(new ClaimResult(ClaimStatus.AtNetworkCapacity, 2));
        (await State.TryClaimAsync("adc-1", Claim("lb-2", "n2", "n3"), null)).Should().Be(new ClaimResult(ClaimStatus.Claimed, 3));
        (await State.TryClaimAsync("adc-1", Claim("lb-3", "n1"), null)).Should().Be(new ClaimResult(ClaimStatus.AtVipCapacity, 3));

        (await State.SetClaimVipAddressAsync("adc-1", "lb-1", "10.0.0.5")).Should().Be(4);
        (await State.SetClaimVipAddressAsync("adc-1", "lb-1", "10.0.0.5")).Should().Be(4, "an unchanged address changes nothing");
        (await State.SetClaimVipAddressAsync("adc-1", "lb-9", "10.0.0.6")).Should().BeNull();
        var state = (await State.FindDeviceStateAsync("adc-1"))!;
        state.Device.RevisionNumber.Should().Be(4);
        state.Claims.Select(c => (c.LoadBalancerId, c.VipAddress)).Should().Equal(("lb-1", "10.0.0.5"), ("lb-2", null));

        (await State.ReleaseClaimAsync("adc-1", "lb-1")).Should().Be(5);
        (await State.ReleaseClaimAsync("adc-1", "lb-1")).Should().BeNull();
        (await State.ListClaimsAsync()).Should().ContainSingle().Which.Claim.LoadBalancerId.Should().Be("lb-2");
        (await State.ListDeviceStatesAsync()).Should().ContainSingle().Which.Claims.Should().ContainSingle();
    }

    [Fact]
    public async Task Racing_claims_from_two_instances_never_overcommit_a_device()
    {
        await using var other = await ConformanceHost.StartAsync(Target, Database, seed: 9);
        await State.AddDeviceAsync(Device("adc-1", maxVips: 3, maxNetworks: 64));
        await State.AddDeviceAsync(Device("adc-2", maxVips: 64, maxNetworks: 2));
        var stores = new[] { State, other.LbaasState };

        var vipRace = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            (await stores[i % 2].TryClaimAsync("adc-1", Claim($"lb-{i}", $"net-{i}"), null)).Status)));
        var networkRace = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            (await stores[i % 2].TryClaimAsync("adc-2", Claim($"lb-n{i}", $"net-{i}"), null)).Status)));

        vipRace.Count(s => s == ClaimStatus.Claimed).Should().Be(3);
        vipRace.Where(s => s != ClaimStatus.Claimed).Should().OnlyContain(s => s == ClaimStatus.AtVipCapacity);
        networkRace.Count(s => s == ClaimStatus.Claimed).Should().Be(2);
        var states = await other.LbaasState.ListDeviceStatesAsync();
        states.Single(s => s.Device.Id == "adc-1").Device.RevisionNumber.Should().Be(4);
        states.Single(s => s.Device.Id == "adc-1").Claims.Should().HaveCount(3);
        states.Single(s => s.Device.Id == "adc-2").Claims.Select(c => c.VipNetworkId).Distinct().Should().HaveCount(2);
    }

    [Fact]
    public async Task A_load_balancer_holds_one_claim_per_slot_whatever_the_device()
    {
        await State.AddDeviceAsync(Device("adc-1", maxVips: 4));
        await State.AddDeviceAsync(Device("adc-2", maxVips: 4));
        await State.AddDeviceAsync(Device("adc-3", maxVips: 4));
        (await State.TryClaimAsync("adc-1", Claim("lb-1", "n1"), null)).Should().Be(new ClaimResult(ClaimStatus.Claimed, 2));

        // Placed again (the same slot) on another device: refused, nothing recorded, the first claim untouched.
        (await State.TryClaimAsync("adc-2", Claim("lb-1", "n1"), 1)).Should().Be(new ClaimResult(ClaimStatus.AlreadyPlaced, 1) { PlacedOnDeviceId = "adc-1" });
        (await State.FindDeviceStateAsync("adc-2"))!.Should().Match<DeviceState>(s => s.Claims.Count == 0 && s.Device.RevisionNumber == 1);

        // The standby of an ACTIVE_STANDBY pair is the other slot: allowed, once.
        (await State.TryClaimAsync("adc-2", Claim("lb-1", "n1") with { Slot = LoadBalancerClaim.StandbySlot }, null)).Status.Should().Be(ClaimStatus.Claimed);
        (await State.TryClaimAsync("adc-3", Claim("lb-1", "n1") with { Slot = LoadBalancerClaim.StandbySlot }, null))
            .Should().Be(new ClaimResult(ClaimStatus.AlreadyPlaced, 1) { PlacedOnDeviceId = "adc-2" });

        (await State.ListClaimsAsync()).Select(c => (c.DeviceId, c.Claim.LoadBalancerId, c.Claim.Slot)).Should().Equal(("adc-1", "lb-1", 0), ("adc-2", "lb-1", 1));
        (await State.FindDeviceStateAsync("adc-2"))!.Claims.Should().ContainSingle().Which.Slot.Should().Be(1, "the slot is stored");

        // Once released, the slot can be claimed elsewhere.
        await State.ReleaseClaimAsync("adc-1", "lb-1");
        (await State.TryClaimAsync("adc-3", Claim("lb-1", "n1"), null)).Status.Should().Be(ClaimStatus.Claimed);
    }

    [Fact]
    public async Task Racing_placements_of_one_load_balancer_on_different_devices_claim_once()
    {
        await using var other = await ConformanceHost.StartAsync(Target, Database, seed: 9);
        var stores = new[] { State, other.LbaasState };
        for (var i = 0; i < 8; i++)
        {
            await State.AddDeviceAsync(Device($"adc-{i}", maxVips: 4));
        }

        var race = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            (await stores[i % 2].TryClaimAsync($"adc-{i}", Claim("lb-1", "net-a"), null)).Status)));

        race.Count(s => s == ClaimStatus.Claimed).Should().Be(1);
        race.Where(s => s != ClaimStatus.Claimed).Should().OnlyContain(s => s == ClaimStatus.AlreadyPlaced);
        (await other.LbaasState.ListClaimsAsync()).Should().ContainSingle().Which.Claim.LoadBalancerId.Should().Be("lb-1");
    }

    [Fact]
    public async Task Agents_keep_their_latest_heartbeat_and_take_over_flag()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await State.UpsertAgentHeartbeatAsync("agent-b", t0);
        await State.UpsertAgentHeartbeatAsync("agent-a", t0.AddSeconds(5));
        await State.UpsertAgentHeartbeatAsync("agent-a", t0.AddSeconds(1));
        (await State.SetAgentTakenOverAsync("agent-b", true)).Should().BeTrue();
        (await State.SetAgentTakenOverAsync("agent-b", true)).Should().BeFalse();
        (await State.SetAgentTakenOverAsync("ghost", true)).Should().BeFalse();

        (await State.ListAgentsAsync()).Should().Equal(new AgentRecord("agent-a", t0.AddSeconds(5), false), new AgentRecord("agent-b", t0, true));
        (await State.RemoveAgentAsync("agent-b")).Should().BeTrue();
        (await State.RemoveAgentAsync("agent-b")).Should().BeFalse();
    }

    [Fact]
    public async Task A_lease_has_one_holder_until_it_is_released_or_expires()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var lease = TimeSpan.FromSeconds(30);
        (await State.TryAcquireLeaseAsync("device-wiring:adc-1", "a", t0, lease)).Should().BeTrue();
        (await State.TryAcquireLeaseAsync("device-wiring:adc-1", "b", t0.AddSeconds(29), lease)).Should().BeFalse();
        (await State.TryAcquireLeaseAsync("device-wiring:adc-2", "b", t0, lease)).Should().BeTrue("leases are per name");
        (await State.TryAcquireLeaseAsync("device-wiring:adc-1", "a", t0.AddSeconds(20), lease)).Should().BeTrue("the holder renews");
        (await State.TryAcquireLeaseAsync("device-wiring:adc-1", "b", t0.AddSeconds(49), lease)).Should().BeFalse("renewed until 50 s");
        (await State.TryAcquireLeaseAsync("device-wiring:adc-1", "b", t0.AddSeconds(50), lease)).Should().BeTrue("expired: taken over");
        (await State.ReleaseLeaseAsync("device-wiring:adc-1", "a")).Should().BeFalse("a no longer holds it");
        (await State.ReleaseLeaseAsync("device-wiring:adc-1", "b")).Should().BeTrue();
        (await State.TryAcquireLeaseAsync("device-wiring:adc-1", "a", t0.AddSeconds(51), lease)).Should().BeTrue();
    }

    [Fact]
    public async Task Racing_instances_get_a_lease_once()
    {
        await using var other = await ConformanceHost.StartAsync(Target, Database, seed: 9);
        var stores = new[] { State, other.LbaasState };
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var granted = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            await stores[i % 2].TryAcquireLeaseAsync("device-wiring:adc-1", $"owner-{i}", now, TimeSpan.FromSeconds(30)))));
        granted.Count(g => g).Should().Be(1);
    }

    [Fact]
    public async Task The_state_survives_a_restart_of_the_host()
    {
        await State.AddDeviceAsync(Device("adc-1", maxVips: 4));
        await State.TryClaimAsync("adc-1", Claim("lb-1", "net-a"), null);
        await State.WriteAsync(w => w.InsertAsync(LoadBalancer("lb-1")));
        await Host.DisposeAsync();

        await using var restarted = await ConformanceHost.StartAsync(Target, Database, seed: 2);
        var state = (await restarted.LbaasState.FindDeviceStateAsync("adc-1"))!;
        state.Device.Credentials!.Password.Should().Be("s3cret");
        state.Claims.Should().ContainSingle().Which.LoadBalancerId.Should().Be("lb-1");
        (await restarted.LbaasState.FindAsync<LoadBalancer>("lb-1")).Should().NotBeNull();
    }

    private static LoadBalancer LoadBalancer(string id) => new() { Id = id, TenantId = "t", VipNetworkId = "net-a", Provider = "adc", Name = id };

    private static Device Device(string id, int maxVips, int maxNetworks = 16) => new()
    {
        Id = id, Provider = "adc", HostId = "lb-host-1", Capacity = new DeviceCapacity(maxVips, maxNetworks), Credentials = new DeviceCredentials("admin", "s3cret"),
    };

    private static LoadBalancerClaim Claim(string lb, string vipNetwork, string? memberNetwork = null) => new(lb, "t", vipNetwork, memberNetwork, null);
}
