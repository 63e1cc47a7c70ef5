using Lbaas.Devices;
using Lbaas.Storage;
using Ml2.Exceptions;

namespace Lbaas.Core.Tests.Storage;

/// <summary>The in-memory device store: devices by revision, atomic capacity claims judged in the documented order.</summary>
public sealed class InMemoryDeviceStoreTests
{
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
    public async Task TryClaimAsync_follows_the_documented_order_of_checks()
    {
        var store = new InMemoryDeviceStore();
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
    public async Task TryClaimAsync_when_many_claim_without_revision_at_once_never_exceeds_capacity()
    {
        // Without the revision check, the store's own capacity check is the only guard: remove it and this fails.
        var store = new InMemoryDeviceStore();
        await store.AddDeviceAsync(NewDevice("d1", maxVips: 3));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () => await store.TryClaimAsync("d1", Claim($"lb{i}"), null))));

        results.Count(r => r.Status == ClaimStatus.Claimed).Should().Be(3);
        results.Where(r => r.Status != ClaimStatus.Claimed).Should().OnlyContain(r => r.Status == ClaimStatus.AtVipCapacity);
        (await store.FindDeviceStateAsync("d1"))!.Claims.Should().HaveCount(3);
    }

    [Fact]
    public async Task Devices_add_update_remove_follow_revisions_and_refuse_busy_devices()
    {
        var store = new InMemoryDeviceStore();
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
}
