using Lbaas.Devices;
using Lbaas.Storage;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Core.Tests.Storage;

/// <summary>The in-memory LBaaS state store: atomic units, revision compare-and-set, insertion order, atomic capacity claims.</summary>
public sealed class InMemoryLbaasStateStoreTests
{
    private static LoadBalancer NewLoadBalancer(string id) => new() { Id = id, TenantId = "t", VipNetworkId = "n", Provider = "p" };

    private static Device NewDevice(string id, int maxVips = 3, int maxNetworks = 16) => new()
    {
        Id = id,
        Provider = "acme",
        HostId = "h",
        Capacity = new DeviceCapacity(maxVips, maxNetworks),
        Credentials = new DeviceCredentials("admin", "pw"),
    };

    private static LoadBalancerClaim Claim(string lb, string vip = "v", string? member = "m") => new(lb, "t", vip, member, null);

    [Fact]
    public async Task WriteAsync_WhenTheUnitThrows_KeepsNothingItDid()
    {
        using var store = new InMemoryLbaasStateStore();
        await store.WriteAsync(async w => await w.InsertAsync(NewLoadBalancer("a")));

        var act = async () => await store.WriteAsync<int>(
            async w =>
            {
                await w.InsertAsync(NewLoadBalancer("b"));
                await w.UpdateAsync((await w.FindAsync<LoadBalancer>("a"))! with { Name = "changed" });
                await w.DeleteAsync<LoadBalancer>("a");
                throw new InvalidOperationException("abort");
            });

        await act.Should().ThrowAsync<InvalidOperationException>();
        (await store.ListAsync<LoadBalancer>()).Should().ContainSingle().Which.Should().Match<LoadBalancer>(lb => lb.Id == "a" && lb.Name == "" && lb.RevisionNumber == 1);
    }

    [Fact]
    public async Task WriteAsync_BeforeCommit_ReadersSeeOnlyCommittedState()
    {
        using var store = new InMemoryLbaasStateStore();
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var unit = store.WriteAsync(async w =>
        {
            await w.InsertAsync(NewLoadBalancer("a"));
            (await w.FindAsync<LoadBalancer>("a")).Should().NotBeNull("a unit reads its own changes");
            inside.SetResult();
            await release.Task;
            return 0;
        }).AsTask();
        await inside.Task;

        (await store.FindAsync<LoadBalancer>("a")).Should().BeNull();
        release.SetResult();
        await unit;
        (await store.FindAsync<LoadBalancer>("a")).Should().NotBeNull();
    }

    [Fact]
    public async Task Update_WhenTheRevisionIsStale_ThrowsConcurrencyConflict()
    {
        using var store = new InMemoryLbaasStateStore();
        var inserted = await store.WriteAsync(async w => await w.InsertAsync(NewLoadBalancer("a")));
        await store.WriteAsync(async w => await w.UpdateAsync(inserted with { Name = "first" }));

        var act = async () => await store.WriteAsync(async w => await w.UpdateAsync(inserted with { Name = "second" }));

        var error = (await act.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
        error.ExpectedRevision.Should().Be(1);
        error.ActualRevision.Should().Be(2);
        (await store.FindAsync<LoadBalancer>("a"))!.Name.Should().Be("first");
    }

    [Fact]
    public async Task Insert_WhenTheIdExists_ThrowsConflict()
    {
        using var store = new InMemoryLbaasStateStore();
        await store.WriteAsync(async w => await w.InsertAsync(NewLoadBalancer("a")));

        var act = async () => await store.WriteAsync(async w => await w.InsertAsync(NewLoadBalancer("a")));

        await act.Should().ThrowAsync<ConflictException>().WithMessage("Load Balancer a already exists.");
    }

    [Fact]
    public async Task ListAsync_ReturnsInsertionOrderAcrossDeletes()
    {
        using var store = new InMemoryLbaasStateStore();
        foreach (var id in new[] { "c", "a", "b" })
        {
            await store.WriteAsync(async w => await w.InsertAsync(NewLoadBalancer(id)));
        }

        await store.WriteAsync(async w => await w.DeleteAsync<LoadBalancer>("a"));
        await store.WriteAsync(async w => await w.InsertAsync(NewLoadBalancer("a")));

        (await store.ListAsync<LoadBalancer>()).Select(lb => lb.Id).Should().Equal("c", "b", "a");
    }

    [Fact]
    public async Task WriteAsync_FromManyThreads_SerialisesTheUnits()
    {
        using var store = new InMemoryLbaasStateStore();
        await store.WriteAsync(async w => await w.InsertAsync(NewLoadBalancer("a")));

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), async (_, ct) =>
            await store.WriteAsync(async w => await w.UpdateAsync((await w.FindAsync<LoadBalancer>("a"))! with { Name = "x" }), ct));

        (await store.FindAsync<LoadBalancer>("a"))!.RevisionNumber.Should().Be(201);
    }

    [Fact]
    public async Task FindAsync_WhenTheTypeIsNotStored_Throws()
    {
        using var store = new InMemoryLbaasStateStore();

        var act = async () => await store.FindAsync<string>("x");

        await act.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task TryClaimAsync_FollowsTheDocumentedOrderOfChecks()
    {
        using var store = new InMemoryLbaasStateStore();
        await store.AddDeviceAsync(NewDevice("d1", maxVips: 3, maxNetworks: 3));

        (await store.TryClaimAsync("ghost", Claim("lb1"), null)).Should().Be(new ClaimResult(ClaimStatus.NotFound, 0));
        (await store.TryClaimAsync("d1", Claim("lb1"), 7)).Should().Be(new ClaimResult(ClaimStatus.RevisionConflict, 1));
        (await store.TryClaimAsync("d1", Claim("lb1", "a", "b"), 1)).Should().Be(new ClaimResult(ClaimStatus.Claimed, 2));
        (await store.TryClaimAsync("d1", Claim("lb1"), 2)).Should().Be(new ClaimResult(ClaimStatus.AlreadyClaimed, 2));
        (await store.TryClaimAsync("d1", Claim("lb2", "c", "d"), 2)).Should().Be(new ClaimResult(ClaimStatus.AtNetworkCapacity, 2));
        (await store.TryClaimAsync("d1", Claim("lb2", "b", "a"), 2)).Should().Be(new ClaimResult(ClaimStatus.Claimed, 3), "wired networks still fit");
        (await store.TryClaimAsync("d1", Claim("lb3", "c", "c"), null)).Should().Be(new ClaimResult(ClaimStatus.Claimed, 4), "a member network equal to the VIP network counts once");
        (await store.TryClaimAsync("d1", Claim("lb4", "a", null), null)).Should().Be(new ClaimResult(ClaimStatus.AtVipCapacity, 4));

        (await store.ReleaseClaimAsync("d1", "lb3")).Should().Be(5);
        (await store.ReleaseClaimAsync("d1", "lb3")).Should().BeNull();
        (await store.SetClaimVipAddressAsync("d1", "lb1", "10.0.0.9")).Should().Be(6);
        (await store.SetClaimVipAddressAsync("d1", "lb1", "10.0.0.9")).Should().Be(6);
        var state = (await store.FindDeviceStateAsync("d1"))!;
        state.Device.RevisionNumber.Should().Be(6);
        state.Claims.Select(c => (c.LoadBalancerId, c.VipAddress)).Should().Equal(("lb1", "10.0.0.9"), ("lb2", null));
        (await store.ListClaimsAsync()).Select(c => c.DeviceId + "/" + c.Claim.LoadBalancerId).Should().Equal("d1/lb1", "d1/lb2");
    }

    [Fact]
    public async Task TryClaimAsync_WhenManyClaimWithoutRevisionAtOnce_NeverExceedsCapacity()
    {
        // Without the revision check, the store's own capacity check is the only guard: remove it and this fails.
        using var store = new InMemoryLbaasStateStore();
        await store.AddDeviceAsync(NewDevice("d1", maxVips: 3));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () => await store.TryClaimAsync("d1", Claim($"lb{i}"), null))));

        results.Count(r => r.Status == ClaimStatus.Claimed).Should().Be(3);
        results.Where(r => r.Status != ClaimStatus.Claimed).Should().OnlyContain(r => r.Status == ClaimStatus.AtVipCapacity);
        (await store.FindDeviceStateAsync("d1"))!.Claims.Should().HaveCount(3);
    }

    [Fact]
    public async Task Devices_AddUpdateRemove_FollowRevisionsAndRefuseBusyDevices()
    {
        using var store = new InMemoryLbaasStateStore();
        var added = await store.AddDeviceAsync(NewDevice("d1") with { RevisionNumber = 42 });
        added.RevisionNumber.Should().Be(1);
        await FluentActions.Awaiting(async () => await store.AddDeviceAsync(NewDevice("d1"))).Should().ThrowAsync<ConflictException>();

        var updated = await store.UpdateDeviceAsync(added with { Name = "x" }, 1);
        updated.RevisionNumber.Should().Be(2);
        await FluentActions.Awaiting(async () => await store.UpdateDeviceAsync(added with { Name = "y" }, 1)).Should().ThrowAsync<ConcurrencyConflictException>();
        await FluentActions.Awaiting(async () => await store.UpdateDeviceAsync(NewDevice("ghost"), 1)).Should().ThrowAsync<ResourceNotFoundException>();

        await store.TryClaimAsync("d1", Claim("lb1"), null);
        (await store.RemoveDeviceAsync("d1")).Should().Be(new DeviceRemoval(DeviceRemovalStatus.HostsLoadBalancers, 1));
        await store.ReleaseClaimAsync("d1", "lb1");
        (await store.RemoveDeviceAsync("d1")).Should().Be(new DeviceRemoval(DeviceRemovalStatus.Removed, 0));
        (await store.RemoveDeviceAsync("d1")).Should().Be(new DeviceRemoval(DeviceRemovalStatus.NotFound, 0));
        (await store.ListDevicesAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Agents_HeartbeatsKeepTheLatestAndTakenOverFlips()
    {
        using var store = new InMemoryLbaasStateStore();
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await store.UpsertAgentHeartbeatAsync("b", t0);
        await store.UpsertAgentHeartbeatAsync("a", t0.AddSeconds(10));
        await store.UpsertAgentHeartbeatAsync("a", t0);

        (await store.SetAgentTakenOverAsync("a", true)).Should().BeTrue();
        (await store.SetAgentTakenOverAsync("a", true)).Should().BeFalse();
        (await store.SetAgentTakenOverAsync("ghost", true)).Should().BeFalse();
        (await store.ListAgentsAsync()).Should().Equal(new AgentRecord("a", t0.AddSeconds(10), true), new AgentRecord("b", t0, false));
        (await store.RemoveAgentAsync("b")).Should().BeTrue();
        (await store.ListAgentsAsync()).Select(a => a.Id).Should().Equal("a");
    }
}
