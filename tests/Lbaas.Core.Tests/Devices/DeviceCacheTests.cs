using Lbaas.Storage;
using Lbaas.Core.Tests.Placement.Support;
using Lbaas.Devices;
using Microsoft.Extensions.DependencyInjection;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Devices;

public sealed class DeviceCacheTests
{
    // The devices of one load bucket, over its stripes.
    private static IEnumerable<string> IdsIn(DeviceCache cache, ProviderDeviceIndex index, int bucket) =>
        Enumerable.Range(0, ProviderDeviceIndex.Stripes).SelectMany(s => Ids(cache, index.Set(bucket, s)));

    // The ids of the devices in an index set.
    private static IEnumerable<string> Ids(DeviceCache cache, DeviceSlotSet set) =>
        set.Items.ToArray().Select(cache.Facts.SlotOf).OfType<DeviceSlot>().Select(s => s.Id);

    private static DeviceCache With(params Device[] devices)
    {
        var cache = new DeviceCache();
        foreach (var device in devices)
        {
            cache.TryAdd(device).Should().NotBeNull();
        }

        return cache;
    }

    // Applies a claim as the store reports it: at the cached revision.
    private static bool Apply(DeviceCache cache, string deviceId, LoadBalancerClaim claim) =>
        cache.ApplyClaim(deviceId, claim, cache.Find(deviceId)!.Device.RevisionNumber);

    // Applies a release as the store reports it: at the cached revision.
    private static bool Release(DeviceCache cache, string deviceId, string loadBalancerId) =>
        cache.Find(deviceId) is { } current && cache.ApplyRelease(deviceId, loadBalancerId, current.Device.RevisionNumber);

    [Fact]
    public void ApplyClaim_when_at_the_revision_before_records_claim_and_publishes_the_stores_revision()
    {
        var cache = With(Device("d1"));
        var before = cache.Find("d1")!;

        cache.ApplyClaim("d1", Claim("lb1", "t1", "v", "m", "10.0.0.9"), before.Device.RevisionNumber).Should().BeTrue();

        var after = cache.Find("d1")!;
        after.Device.RevisionNumber.Should().Be(2);
        after.LoadBalancerCount.Should().Be(1);
        after.WiredNetworkIds.Should().BeEquivalentTo(["v", "m"]);
        after.TenantIds.Should().BeEquivalentTo(["t1"]);
        after.VipAddresses.Should().BeEquivalentTo(["10.0.0.9"]);
        before.LoadBalancerCount.Should().Be(0, "a published snapshot never changes");
        before.WiredNetworkIds.Should().BeEmpty();
        before.TenantIds.Should().BeEmpty();
    }

    [Fact]
    public void Apply_claim_and_release_share_the_device_record_and_stamp_the_revision_only_when_the_device_is_read()
    {
        var cache = With(Device("d1"));
        var before = cache.Find("d1")!;

        Apply(cache, "d1", Claim("lb1", "t1", "v", "m")).Should().BeTrue();
        var claimed = cache.Find("d1")!;
        Release(cache, "d1", "lb1").Should().BeTrue();
        var released = cache.Find("d1")!;

        claimed.Record.Should().BeSameAs(before.Record, "a claim changes the device's load, not its row: the record is not copied");
        released.Record.Should().BeSameAs(before.Record);
        (claimed.Revision, released.Revision).Should().Be((2, 3));
        claimed.Device.RevisionNumber.Should().Be(2, "the public device carries the snapshot's revision");
        released.Device.RevisionNumber.Should().Be(3);
        released.Device.Should().BeSameAs(released.Device, "the stamped copy is made once");
        released.Device.Should().Be(before.Device with { RevisionNumber = 3 });
        before.Device.RevisionNumber.Should().Be(1);
    }

    [Fact]
    public void ApplyClaim_when_cache_is_at_another_revision_applies_nothing()
    {
        var cache = With(Device("d1"));
        cache.ApplyClaim("d1", Claim("lb1"), 1).Should().BeTrue();

        cache.ApplyClaim("d1", Claim("lb2"), 1).Should().BeFalse("the cache is at 2: this outcome is stale");
        cache.ApplyClaim("d1", Claim("lb2"), 5).Should().BeFalse("the cache is at 2: it missed changes and must reload");

        cache.Find("d1")!.Device.RevisionNumber.Should().Be(2);
        cache.ClaimsOf("d1")!.Select(c => c.LoadBalancerId).Should().Equal("lb1");
    }

    [Fact]
    public void ApplyClaim_when_claim_cached_already_or_device_unknown_returns_false()
    {
        var cache = With(Device("d1"));
        Apply(cache, "d1", Claim("lb1"));

        Apply(cache, "d1", Claim("lb1")).Should().BeFalse();
        cache.ApplyClaim("ghost", Claim("lb1"), 1).Should().BeFalse();
        cache.Find("d1")!.LoadBalancerCount.Should().Be(1);
    }

    [Fact]
    public void ApplyClaim_judges_no_capacity_the_store_admitted_the_claim()
    {
        // Admission is the store's (ClaimAdmission under its lock); the cache mirrors what the store recorded.
        var cache = With(Device("d1", maxVips: 1, maxNetworks: 1));
        Apply(cache, "d1", Claim("lb1", vipNetworkId: "a", memberNetworkId: null)).Should().BeTrue();

        Apply(cache, "d1", Claim("lb2", vipNetworkId: "b", memberNetworkId: null)).Should().BeTrue();

        cache.Find("d1")!.LoadBalancerCount.Should().Be(2);
    }

    [Fact]
    public void Release_when_last_claim_of_network_and_tenant_drops_them_from_snapshot_and_indexes()
    {
        var cache = With(Device("d1"));
        Apply(cache, "d1", Claim("lb1", "t1", "v", "m"));
        Apply(cache, "d1", Claim("lb2", "t1", "v", null));
        var slot = cache.FindSlot("d1")!;

        cache.ApplyRelease("d1", "lb1", 1).Should().BeFalse("the cache is at 3: a stale outcome is not applied");
        Release(cache, "d1", "lb1").Should().BeTrue();
        cache.Find("d1")!.WiredNetworkIds.Should().BeEquivalentTo(["v"]);
        cache.Indexes.OnNetwork("m").Should().BeNull();
        cache.Indexes.OnNetwork("v")!.Items.ToArray().Should().Equal(slot.Number);
        cache.Indexes.HostingTenant("t1")!.Items.ToArray().Should().Equal(slot.Number);

        Release(cache, "d1", "lb2").Should().BeTrue();
        Release(cache, "d1", "lb2").Should().BeFalse();
        Release(cache, "ghost", "lb2").Should().BeFalse();
        var empty = cache.Find("d1")!;
        empty.LoadBalancerCount.Should().Be(0);
        empty.WiredNetworkIds.Should().BeEmpty();
        empty.TenantIds.Should().BeEmpty();
        empty.Device.RevisionNumber.Should().Be(5);
        cache.Indexes.OnNetwork("v").Should().BeNull();
        cache.Indexes.HostingTenant("t1").Should().BeNull();
    }

    [Fact]
    public void Replace_when_store_differs_changes_only_the_differing_claims_and_their_indexes()
    {
        var cache = With(Device("d1"));
        Apply(cache, "d1", Claim("kept", "t1", "v1", "m1", "10.0.0.1"));
        Apply(cache, "d1", Claim("gone", "t2", "v2", "m2", "10.0.0.2"));
        Apply(cache, "d1", Claim("moved", "t1", "v1", "m1", "10.0.0.3"));
        var cached = cache.Find("d1")!;

        var stored = new DeviceState(
            cached.Device with { RevisionNumber = cached.Device.RevisionNumber + 5 },
            [Claim("added", "t3", "v3", null, null), Claim("kept", "t1", "v1", "m1", "10.0.0.1"), Claim("moved", "t1", "v1", "m1", "10.0.0.4")]);
        var after = cache.Replace(stored);

        after.Device.RevisionNumber.Should().Be(stored.Device.RevisionNumber);
        cache.ClaimsOf("d1").Should().Equal(stored.Claims);
        after.LoadBalancerCount.Should().Be(3);
        after.WiredNetworkIds.Should().BeEquivalentTo(["v1", "m1", "v3"]);
        after.TenantIds.Should().BeEquivalentTo(["t1", "t3"]);
        after.VipAddresses.Should().BeEquivalentTo(["10.0.0.1", "10.0.0.4"]);
        cache.Indexes.OnNetwork("v2").Should().BeNull("the released claim's networks are unfiled");
        cache.Indexes.HostingTenant("t2").Should().BeNull();
        Ids(cache, cache.Indexes.OnNetwork("v3")!).Should().Equal("d1");
        Ids(cache, cache.Indexes.HostingTenant("t1")!).Should().Equal("d1");

        cache.Replace(stored with { Device = stored.Device with { RevisionNumber = 1 } }).Should().BeSameAs(after, "an older state changes nothing");
    }

    public static TheoryData<Device, int, int> Buckets => new()
    {
        // device, load, expected bucket
        { Device("d", maxVips: 64), 0, 0 },
        { Device("d", maxVips: 64), 32, 32 },
        { Device("d", maxVips: 64), 63, 63 },
        { Device("d", maxVips: 64), 64, -1 },
        { Device("d", maxVips: 10), 5, 32 },
        { Device("d", adminStateUp: false), 0, -1 },
        { Device("d", draining: true), 0, -1 },
        { Device("d", health: DeviceHealth.Down), 0, -1 },
        { Device("d", health: DeviceHealth.Degraded), 0, 0 },
        { Device("d", tenantId: "t1"), 0, -1 },
    };

    [Theory]
    [MemberData(nameof(Buckets))]
    public void BucketOf_when_device_cannot_take_more_is_minus_one(Device device, int load, int expected)
    {
        DeviceIndexes.BucketOf(device, load).Should().Be(expected);
    }

    [Fact]
    public void Indexes_when_devices_change_file_each_device_once()
    {
        var cache = With(Device("shared", maxVips: 4), Device("private", tenantId: "t1"), Device("other", provider: "zeta"));
        var index = cache.Indexes.ProviderIndex("ACME")!;

        IdsIn(cache, index, 0).Should().Equal("shared");
        Ids(cache, cache.Indexes.PrivateTo("t1")!).Should().Equal("private");
        IdsIn(cache, cache.Indexes.ProviderIndex("zeta")!, 0).Should().Equal("other");

        Apply(cache, "shared", Claim("lb1"));
        IdsIn(cache, index, 0).Should().BeEmpty();
        IdsIn(cache, index, 16).Should().Equal("shared");

        for (var i = 2; i <= 4; i++)
        {
            Apply(cache, "shared", Claim($"lb{i}"));
        }

        Enumerable.Range(0, ProviderDeviceIndex.BucketCount).SelectMany(b => IdsIn(cache, index, b)).Should().BeEmpty("a full device is not a least-loaded candidate");
        cache.Update("shared", s => s.Device with { AdminStateUp = false });
        Release(cache, "shared", "lb1");
        Enumerable.Range(0, ProviderDeviceIndex.BucketCount).SelectMany(b => IdsIn(cache, index, b)).Should().BeEmpty("a disabled device is not a least-loaded candidate");
        cache.Update("shared", s => s.Device with { AdminStateUp = true });
        IdsIn(cache, index, 48).Should().Equal("shared");

        cache.TryRemove("private", out _).Should().Be(RemoveOutcome.Removed);
        cache.Indexes.PrivateTo("t1").Should().BeNull();
    }

    [Fact]
    public void OrderedSlots_when_devices_added_and_removed_stays_current()
    {
        var cache = With(Device("b"), Device("a"));
        var first = cache.OrderedSlots();

        cache.OrderedSlots().Should().BeSameAs(first);
        cache.TryAdd(Device("c"));
        cache.TryRemove("a", out _);

        cache.OrderedSlots().Select(s => s.Id).Should().Equal("b", "c");
        cache.Count.Should().Be(2);
    }

    [Fact]
    public async Task ApplyClaim_when_eight_threads_claim_through_the_store_cache_follows_the_store_and_never_overcommits()
    {
        const int devices = 20;
        const int maxVips = 7;
        const int threads = 8;
        const int attemptsPerThread = 200;
        using var host = PlacementHost.Create();
        await host.WithDevicesAsync(Enumerable.Range(0, devices).Select(i => Device($"d{i}", maxVips: maxVips, maxNetworks: 5)).ToArray());
        var store = host.Services.GetRequiredService<IDeviceStore>();
        var sync = host.Services.GetRequiredService<DeviceCacheSync>();
        var cache = host.Cache;
        var claimed = new int[threads];
        var barrier = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            barrier.SignalAndWait();
            for (var i = 0; i < attemptsPerThread; i++)
            {
                var deviceId = $"d{(i + t) % devices}";
                var claim = Claim($"lb-{t}-{i}", $"t{i % 3}", $"net-{i % 11}", $"net-{(i * 7) % 13}");
                var revision = cache.Find(deviceId)!.Device.RevisionNumber;
                var result = store.TryClaimAsync(deviceId, claim, i % 2 == 0 ? revision : null).AsTask().GetAwaiter().GetResult();
                if (result.Status == ClaimStatus.Claimed)
                {
                    claimed[t]++;
                }

                if (result.Status != ClaimStatus.Claimed || !cache.ApplyClaim(deviceId, claim, result.DeviceRevision - 1))
                {
                    sync.RefreshAsync(deviceId).AsTask().GetAwaiter().GetResult();
                }
            }
        })).ToList();

        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var total = 0;
        for (var i = 0; i < devices; i++)
        {
            var stored = (await store.FindDeviceStateAsync($"d{i}"))!;
            await sync.RefreshAsync($"d{i}");
            var snapshot = cache.Find($"d{i}")!;
            var claims = cache.ClaimsOf($"d{i}")!;
            claims.Should().BeEquivalentTo(stored.Claims);
            snapshot.Device.RevisionNumber.Should().Be(stored.Device.RevisionNumber).And.Be(1 + claims.Count);
            snapshot.LoadBalancerCount.Should().BeLessThanOrEqualTo(maxVips).And.Be(claims.Count);
            snapshot.WiredNetworkIds.Count.Should().BeLessThanOrEqualTo(5);
            snapshot.WiredNetworkIds.Should().BeEquivalentTo(claims.SelectMany(c => new[] { c.VipNetworkId, c.MemberNetworkId! }).Distinct());
            snapshot.TenantIds.Should().BeEquivalentTo(claims.Select(c => c.TenantId).Distinct());
            total += claims.Count;
        }

        total.Should().Be(claimed.Sum());
    }
}
