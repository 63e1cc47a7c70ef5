using Lbaas.Devices;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Storage.TestKit;

/// <summary>
/// The LBaaS stores: objects in transactions with typed repositories and a compare-and-set revision on load balancers
/// (<see cref="ILbaasObjectStore"/>), devices that keep their credentials and capacity claims that no race can
/// overcommit (<see cref="IDeviceStore"/>), agents (<see cref="IAgentStore"/>) and leases (<see cref="ILeaseStore"/>).
/// </summary>
/// <typeparam name="TDatabase">What names one database of the store (see <see cref="LbaasStoreTarget{TDatabase}"/>).</typeparam>
/// <param name="target">The store under test.</param>
public abstract class LbaasStateConformanceTests<TDatabase>(LbaasStoreTarget<TDatabase> target) : LbaasStoreSuite<TDatabase>(target)
    where TDatabase : notnull
{
    /// <summary>Objects commit as a unit and load balancers compare and set their revision.</summary>
    [Fact]
    public async Task Objects_commit_as_a_unit_and_load_balancers_compare_and_set_their_revision()
    {
        var created = await WriteAsync(async w =>
        {
            var lb = await w.LoadBalancers.AddAsync(LoadBalancer("lb-1"));
            await w.Listeners.AddAsync(new Listener { Id = "l-1", TenantId = "t", LoadBalancerId = "lb-1", Protocol = "HTTP", ProtocolPort = 80 });
            return lb;
        });
        created.RevisionNumber.Should().Be(1);

        var updated = await WriteAsync(w => w.LoadBalancers.UpdateAsync(created with { Name = "renamed" }));
        updated.RevisionNumber.Should().Be(2);
        var stale = async () => await WriteAsync(w => w.LoadBalancers.UpdateAsync(created with { Name = "lost" }));
        (await stale.Should().ThrowAsync<ConcurrencyConflictException>()).Which.ActualRevision.Should().Be(2);
        var missing = async () => await WriteAsync(w => w.LoadBalancers.UpdateAsync(LoadBalancer("nope")));
        await missing.Should().ThrowAsync<ResourceNotFoundException>();
        var duplicate = async () => await WriteAsync(w => w.LoadBalancers.AddAsync(LoadBalancer("lb-1")));
        await duplicate.Should().ThrowAsync<ConflictException>();

        var failing = async () => await WriteAsync<int>(async w =>
        {
            await w.LoadBalancers.AddAsync(LoadBalancer("lb-2"));
            await w.Listeners.RemoveAsync("l-1");
            throw new InvalidOperationException("abandon the transaction");
        });
        await failing.Should().ThrowAsync<InvalidOperationException>();

        (await Objects.LoadBalancers.FindAsync("lb-1"))!.Name.Should().Be("renamed");
        (await Objects.LoadBalancers.FindAsync("lb-2")).Should().BeNull();
        (await Objects.Listeners.ListAsync()).Should().ContainSingle().Which.ProtocolPort.Should().Be(80);
        (await WriteAsync(w => w.Listeners.RemoveAsync("l-1"))).Should().BeTrue();
        (await WriteAsync(w => w.Listeners.RemoveAsync("l-1"))).Should().BeFalse();
    }

    /// <summary>Devices keep their credentials and change by compare and set.</summary>
    [Fact]
    public async Task Devices_keep_their_credentials_and_change_by_compare_and_set()
    {
        var added = await Devices.AddDeviceAsync(Device("adc-1", maxVips: 2) with { RevisionNumber = 42 });
        added.RevisionNumber.Should().Be(1);
        var duplicate = async () => await Devices.AddDeviceAsync(Device("adc-1", maxVips: 2));
        await duplicate.Should().ThrowAsync<ConflictException>();

        var found = (await Devices.FindDeviceAsync("adc-1"))!;
        found.Credentials!.Username.Should().Be("admin");
        found.Credentials.Password.Should().Be("s3cret");
        found.ToString().Should().NotContain("s3cret");

        var updated = await Devices.UpdateDeviceAsync(found with { Name = "edge" }, expectedRevision: 1);
        updated.RevisionNumber.Should().Be(2);
        var stale = async () => await Devices.UpdateDeviceAsync(found with { Name = "lost" }, expectedRevision: 1);
        await stale.Should().ThrowAsync<ConcurrencyConflictException>();
        var missing = async () => await Devices.UpdateDeviceAsync(Device("ghost", 1), expectedRevision: 1);
        await missing.Should().ThrowAsync<ResourceNotFoundException>();

        (await Devices.ListDevicesAsync()).Should().ContainSingle().Which.Name.Should().Be("edge");
        (await Devices.RemoveDeviceAsync("ghost")).Status.Should().Be(DeviceRemovalStatus.NotFound);
        (await Devices.TryClaimAsync("adc-1", Claim("lb-1", "net-a"), null)).Status.Should().Be(ClaimStatus.Claimed);
        (await Devices.RemoveDeviceAsync("adc-1")).Should().Be(new DeviceRemoval(DeviceRemovalStatus.HostsLoadBalancers, 1));
        await Devices.ReleaseClaimAsync("adc-1", "lb-1");
        (await Devices.RemoveDeviceAsync("adc-1")).Status.Should().Be(DeviceRemovalStatus.Removed);
        (await Devices.ListDevicesAsync()).Should().BeEmpty();
    }

    /// <summary>A claim is judged in order and every change bumps the device revision by one.</summary>
    [Fact]
    public async Task A_claim_is_judged_in_order_and_every_change_bumps_the_device_revision_by_one()
    {
        await Devices.AddDeviceAsync(Device("adc-1", maxVips: 2, maxNetworks: 3));
        (await Devices.TryClaimAsync("nope", Claim("lb-0", "n1"), null)).Should().Be(new ClaimResult(ClaimStatus.NotFound, 0));
        (await Devices.TryClaimAsync("adc-1", Claim("lb-1", "n1", "n2"), 7)).Should().Be(new ClaimResult(ClaimStatus.RevisionConflict, 1));
        (await Devices.TryClaimAsync("adc-1", Claim("lb-1", "n1", "n2"), 1)).Should().Be(new ClaimResult(ClaimStatus.Claimed, 2));
        (await Devices.TryClaimAsync("adc-1", Claim("lb-1", "n1", "n2"), null)).Should().Be(new ClaimResult(ClaimStatus.AlreadyClaimed, 2));
        (await Devices.TryClaimAsync("adc-1", Claim("lb-2", "n3", "n4"), null)).Should().Be(new ClaimResult(ClaimStatus.AtNetworkCapacity, 2));
        (await Devices.TryClaimAsync("adc-1", Claim("lb-2", "n2", "n3"), null)).Should().Be(new ClaimResult(ClaimStatus.Claimed, 3));
        (await Devices.TryClaimAsync("adc-1", Claim("lb-3", "n1"), null)).Should().Be(new ClaimResult(ClaimStatus.AtVipCapacity, 3));

        (await Devices.SetClaimVipAddressAsync("adc-1", "lb-1", "10.0.0.5")).Should().Be(4);
        (await Devices.SetClaimVipAddressAsync("adc-1", "lb-1", "10.0.0.5")).Should().Be(4, "an unchanged address changes nothing");
        (await Devices.SetClaimVipAddressAsync("adc-1", "lb-9", "10.0.0.6")).Should().BeNull();
        var state = (await Devices.FindDeviceStateAsync("adc-1"))!;
        state.Device.RevisionNumber.Should().Be(4);
        state.Claims.Select(c => (c.LoadBalancerId, c.VipAddress)).Should().Equal(("lb-1", "10.0.0.5"), ("lb-2", null));

        (await Devices.ReleaseClaimAsync("adc-1", "lb-1")).Should().Be(5);
        (await Devices.ReleaseClaimAsync("adc-1", "lb-1")).Should().BeNull();
        (await Devices.ListClaimsAsync()).Should().ContainSingle().Which.Claim.LoadBalancerId.Should().Be("lb-2");
        (await Devices.ListDeviceStatesAsync()).Should().ContainSingle().Which.Claims.Should().ContainSingle();
    }

    /// <summary>Racing claims from two instances never overcommit a device.</summary>
    [Fact]
    public async Task Racing_claims_from_two_instances_never_overcommit_a_device()
    {
        await using var other = await LbaasConformanceHost.StartAsync(Target, Database);
        await Devices.AddDeviceAsync(Device("adc-1", maxVips: 3, maxNetworks: 64));
        await Devices.AddDeviceAsync(Device("adc-2", maxVips: 64, maxNetworks: 2));
        var stores = new[] { Devices, other.Devices };

        var vipRace = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            (await stores[i % 2].TryClaimAsync("adc-1", Claim($"lb-{i}", $"net-{i}"), null)).Status)));
        var networkRace = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            (await stores[i % 2].TryClaimAsync("adc-2", Claim($"lb-n{i}", $"net-{i}"), null)).Status)));

        vipRace.Count(s => s == ClaimStatus.Claimed).Should().Be(3);
        vipRace.Where(s => s != ClaimStatus.Claimed).Should().OnlyContain(s => s == ClaimStatus.AtVipCapacity);
        networkRace.Count(s => s == ClaimStatus.Claimed).Should().Be(2);
        var states = await other.Devices.ListDeviceStatesAsync();
        states.Single(s => s.Device.Id == "adc-1").Device.RevisionNumber.Should().Be(4);
        states.Single(s => s.Device.Id == "adc-1").Claims.Should().HaveCount(3);
        states.Single(s => s.Device.Id == "adc-2").Claims.Select(c => c.VipNetworkId).Distinct().Should().HaveCount(2);
    }

    /// <summary>A load balancer holds one claim per slot whatever the device.</summary>
    [Fact]
    public async Task A_load_balancer_holds_one_claim_per_slot_whatever_the_device()
    {
        await Devices.AddDeviceAsync(Device("adc-1", maxVips: 4));
        await Devices.AddDeviceAsync(Device("adc-2", maxVips: 4));
        await Devices.AddDeviceAsync(Device("adc-3", maxVips: 4));
        (await Devices.TryClaimAsync("adc-1", Claim("lb-1", "n1"), null)).Should().Be(new ClaimResult(ClaimStatus.Claimed, 2));

        // Placed again (the same slot) on another device: refused, nothing recorded, the first claim untouched.
        (await Devices.TryClaimAsync("adc-2", Claim("lb-1", "n1"), 1)).Should().Be(new ClaimResult(ClaimStatus.AlreadyPlaced, 1) { PlacedOnDeviceId = "adc-1" });
        (await Devices.FindDeviceStateAsync("adc-2"))!.Should().Match<DeviceState>(s => s.Claims.Count == 0 && s.Device.RevisionNumber == 1);

        // The standby of an ACTIVE_STANDBY pair is the other slot: allowed, once.
        (await Devices.TryClaimAsync("adc-2", Claim("lb-1", "n1") with { Slot = LoadBalancerClaim.StandbySlot }, null)).Status.Should().Be(ClaimStatus.Claimed);
        (await Devices.TryClaimAsync("adc-3", Claim("lb-1", "n1") with { Slot = LoadBalancerClaim.StandbySlot }, null))
            .Should().Be(new ClaimResult(ClaimStatus.AlreadyPlaced, 1) { PlacedOnDeviceId = "adc-2" });

        (await Devices.ListClaimsAsync()).Select(c => (c.DeviceId, c.Claim.LoadBalancerId, c.Claim.Slot)).Should().Equal(("adc-1", "lb-1", 0), ("adc-2", "lb-1", 1));
        (await Devices.FindDeviceStateAsync("adc-2"))!.Claims.Should().ContainSingle().Which.Slot.Should().Be(1, "the slot is stored");

        // Once released, the slot can be claimed elsewhere.
        await Devices.ReleaseClaimAsync("adc-1", "lb-1");
        (await Devices.TryClaimAsync("adc-3", Claim("lb-1", "n1"), null)).Status.Should().Be(ClaimStatus.Claimed);
    }

    /// <summary>Racing placements of one load balancer on different devices claim once.</summary>
    [Fact]
    public async Task Racing_placements_of_one_load_balancer_on_different_devices_claim_once()
    {
        await using var other = await LbaasConformanceHost.StartAsync(Target, Database);
        var stores = new[] { Devices, other.Devices };
        for (var i = 0; i < 8; i++)
        {
            await Devices.AddDeviceAsync(Device($"adc-{i}", maxVips: 4));
        }

        var race = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            (await stores[i % 2].TryClaimAsync($"adc-{i}", Claim("lb-1", "net-a"), null)).Status)));

        race.Count(s => s == ClaimStatus.Claimed).Should().Be(1);
        race.Where(s => s != ClaimStatus.Claimed).Should().OnlyContain(s => s == ClaimStatus.AlreadyPlaced);
        (await other.Devices.ListClaimsAsync()).Should().ContainSingle().Which.Claim.LoadBalancerId.Should().Be("lb-1");
    }

    /// <summary>Agents keep their latest heartbeat and take over flag.</summary>
    [Fact]
    public async Task Agents_keep_their_latest_heartbeat_and_take_over_flag()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Agents.UpsertAgentHeartbeatAsync("agent-b", t0);
        await Agents.UpsertAgentHeartbeatAsync("agent-a", t0.AddSeconds(5));
        await Agents.UpsertAgentHeartbeatAsync("agent-a", t0.AddSeconds(1));
        (await Agents.SetAgentTakenOverAsync("agent-b", true)).Should().BeTrue();
        (await Agents.SetAgentTakenOverAsync("agent-b", true)).Should().BeFalse();
        (await Agents.SetAgentTakenOverAsync("ghost", true)).Should().BeFalse();

        (await Agents.ListAgentsAsync()).Should().Equal(new AgentRecord("agent-a", t0.AddSeconds(5), false), new AgentRecord("agent-b", t0, true));
        (await Agents.RemoveAgentAsync("agent-b")).Should().BeTrue();
        (await Agents.RemoveAgentAsync("agent-b")).Should().BeFalse();
    }

    /// <summary>A lease has one holder until it is released or expires.</summary>
    [Fact]
    public async Task A_lease_has_one_holder_until_it_is_released_or_expires()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var lease = TimeSpan.FromSeconds(30);
        (await Leases.TryAcquireLeaseAsync("device-wiring:adc-1", "a", t0, lease)).Should().BeTrue();
        (await Leases.TryAcquireLeaseAsync("device-wiring:adc-1", "b", t0.AddSeconds(29), lease)).Should().BeFalse();
        (await Leases.TryAcquireLeaseAsync("device-wiring:adc-2", "b", t0, lease)).Should().BeTrue("leases are per name");
        (await Leases.TryAcquireLeaseAsync("device-wiring:adc-1", "a", t0.AddSeconds(20), lease)).Should().BeTrue("the holder renews");
        (await Leases.TryAcquireLeaseAsync("device-wiring:adc-1", "b", t0.AddSeconds(49), lease)).Should().BeFalse("renewed until 50 s");
        (await Leases.TryAcquireLeaseAsync("device-wiring:adc-1", "b", t0.AddSeconds(50), lease)).Should().BeTrue("expired: taken over");
        (await Leases.ReleaseLeaseAsync("device-wiring:adc-1", "a")).Should().BeFalse("a no longer holds it");
        (await Leases.ReleaseLeaseAsync("device-wiring:adc-1", "b")).Should().BeTrue();
        (await Leases.TryAcquireLeaseAsync("device-wiring:adc-1", "a", t0.AddSeconds(51), lease)).Should().BeTrue();
    }

    /// <summary>Racing instances get a lease once.</summary>
    [Fact]
    public async Task Racing_instances_get_a_lease_once()
    {
        await using var other = await LbaasConformanceHost.StartAsync(Target, Database);
        var stores = new[] { Leases, other.Leases };
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var granted = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
            await stores[i % 2].TryAcquireLeaseAsync("device-wiring:adc-1", $"owner-{i}", now, TimeSpan.FromSeconds(30)))));
        granted.Count(g => g).Should().Be(1);
    }

    /// <summary>The state survives a restart of the host.</summary>
    [Fact]
    public async Task The_state_survives_a_restart_of_the_host()
    {
        await Devices.AddDeviceAsync(Device("adc-1", maxVips: 4));
        await Devices.TryClaimAsync("adc-1", Claim("lb-1", "net-a"), null);
        await WriteAsync(w => w.LoadBalancers.AddAsync(LoadBalancer("lb-1")));
        await Host.DisposeAsync();

        await using var restarted = await LbaasConformanceHost.StartAsync(Target, Database);
        var state = (await restarted.Devices.FindDeviceStateAsync("adc-1"))!;
        state.Device.Credentials!.Password.Should().Be("s3cret");
        state.Claims.Should().ContainSingle().Which.LoadBalancerId.Should().Be("lb-1");
        (await restarted.Objects.LoadBalancers.FindAsync("lb-1")).Should().NotBeNull();
    }

    /// <summary>A transaction disposed without commit keeps nothing and readers see only commits.</summary>
    [Fact]
    public async Task A_transaction_disposed_without_commit_keeps_nothing_and_readers_see_only_commits()
    {
        await using (var tx = await Objects.BeginTransactionAsync())
        {
            await tx.LoadBalancers.AddAsync(LoadBalancer("lb-1"));
            (await tx.LoadBalancers.FindAsync("lb-1")).Should().NotBeNull("a transaction reads its own changes");
            (await tx.LoadBalancers.ListAsync()).Should().ContainSingle();
        }

        (await Objects.LoadBalancers.FindAsync("lb-1")).Should().BeNull("disposed without commit");

        var open = await Objects.BeginTransactionAsync();
        await using (open)
        {
            await open.LoadBalancers.AddAsync(LoadBalancer("lb-2"));
            await open.CommitAsync();
            var afterCommit = async () => await open.LoadBalancers.FindAsync("lb-2");
            await afterCommit.Should().ThrowAsync<InvalidOperationException>("a committed transaction cannot be used");
        }

        (await Objects.LoadBalancers.ListAsync()).Select(lb => lb.Id).Should().Equal("lb-2");

        await using (var cancelled = await Objects.BeginTransactionAsync())
        {
            await cancelled.LoadBalancers.AddAsync(LoadBalancer("lb-3"));
            var commit = async () => await cancelled.CommitAsync(new CancellationToken(canceled: true));
            await commit.Should().ThrowAsync<OperationCanceledException>();
        }

        (await Objects.LoadBalancers.FindAsync("lb-3")).Should().BeNull("a commit cancelled before it starts keeps nothing");
    }

    /// <summary>Every object table keeps its own ids in insertion order.</summary>
    [Fact]
    public async Task Every_object_table_keeps_its_own_ids_in_insertion_order()
    {
        var placement = new LoadBalancerPlacementRecord("x", []);
        await WriteAsync(async tx =>
        {
            await tx.LoadBalancers.AddAsync(LoadBalancer("x"));
            await tx.Listeners.AddAsync(new Listener { Id = "x", TenantId = "t", LoadBalancerId = "x", Protocol = "HTTP", ProtocolPort = 80 });
            await tx.Pools.AddAsync(new LoadBalancerPool { Id = "x", TenantId = "t", LoadBalancerId = "x", Protocol = "HTTP", LbAlgorithm = "ROUND_ROBIN" });
            await tx.Members.AddAsync(new Member { Id = "x", TenantId = "t", PoolId = "x", Address = "10.0.0.1", ProtocolPort = 80 });
            await tx.Members.AddAsync(new Member { Id = "b", TenantId = "t", PoolId = "x", Address = "10.0.0.2", ProtocolPort = 80 });
            await tx.Members.AddAsync(new Member { Id = "a", TenantId = "t", PoolId = "x", Address = "10.0.0.3", ProtocolPort = 80 });
            await tx.HealthMonitors.AddAsync(new HealthMonitor { Id = "x", TenantId = "t", PoolId = "x", Type = "HTTP" });
            return await tx.Placements.AddAsync(placement);
        });

        (await Objects.LoadBalancers.FindAsync("x")).Should().NotBeNull("the same id in six tables is six objects");
        (await Objects.Listeners.FindAsync("x"))!.ProtocolPort.Should().Be(80);
        (await Objects.Pools.FindAsync("x"))!.LbAlgorithm.Should().Be("ROUND_ROBIN");
        (await Objects.HealthMonitors.FindAsync("x"))!.Type.Should().Be("HTTP");
        (await Objects.Placements.FindAsync("x"))!.LoadBalancerId.Should().Be("x", "a placement record is keyed by its load balancer");
        (await Objects.Members.ListAsync()).Select(m => m.Id).Should().Equal("x", "b", "a");

        await WriteAsync(async tx =>
        {
            var member = (await tx.Members.FindAsync("b"))!;
            (await tx.Members.UpdateAsync(member with { Weight = 7 })).Weight.Should().Be(7);
            return await tx.Pools.RemoveAsync("x");
        });

        (await Objects.Members.ListAsync()).Select(m => (m.Id, m.Weight)).Should().Equal(("x", 1), ("b", 7), ("a", 1));
        (await Objects.Pools.FindAsync("x")).Should().BeNull();
        (await Objects.Listeners.FindAsync("x")).Should().NotBeNull("removing a pool removes nothing else");
        var missing = async () => await WriteAsync(tx => tx.Listeners.UpdateAsync(new Listener { Id = "nope", TenantId = "t", LoadBalancerId = "x", Protocol = "HTTP", ProtocolPort = 81 }));
        await missing.Should().ThrowAsync<ResourceNotFoundException>();
    }

    /// <summary>Runs <paramref name="work"/> in one object transaction and commits it.</summary>
    private async Task<T> WriteAsync<T>(Func<ILbaasTransaction, ValueTask<T>> work)
    {
        await using var tx = await Objects.BeginTransactionAsync();
        var result = await work(tx);
        await tx.CommitAsync();
        return result;
    }

    private static LoadBalancer LoadBalancer(string id) => new() { Id = id, TenantId = "t", VipNetworkId = "net-a", Provider = "adc", Name = id };

    private static Device Device(string id, int maxVips, int maxNetworks = 16) => new()
    {
        Id = id, Provider = "adc", HostId = "lb-host-1", Capacity = new DeviceCapacity(maxVips, maxNetworks), Credentials = new DeviceCredentials("admin", "s3cret"),
    };

    private static LoadBalancerClaim Claim(string lb, string vipNetwork, string? memberNetwork = null) => new(lb, "t", vipNetwork, memberNetwork, null);
}
