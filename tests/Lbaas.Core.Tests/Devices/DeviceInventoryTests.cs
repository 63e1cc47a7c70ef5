using Lbaas.Storage;
using Lbaas.Devices;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Devices;

public sealed class DeviceInventoryTests
{
    // The devices of one load bucket, over its stripes.
    private static IEnumerable<string> IdsIn(ProviderDeviceIndex index, int bucket) =>
        Enumerable.Range(0, ProviderDeviceIndex.Stripes).SelectMany(s => index.Set(bucket, s).Items.ToArray()).OfType<DeviceSlot>().Select(s => s.Id);

    private static DeviceInventory With(params Device[] devices)
    {
        var inventory = new DeviceInventory();
        foreach (var device in devices)
        {
            inventory.TryAdd(device).Should().NotBeNull();
        }

        return inventory;
    }

    [Fact]
    public void TryClaim_WhenRevisionMatches_RecordsClaimAndPublishesNewSnapshot()
    {
        var inventory = With(Device("d1"));
        var before = inventory.Find("d1")!;

        var outcome = inventory.TryClaim("d1", before.Device.RevisionNumber, Claim("lb1", "t1", "v", "m", "10.0.0.9"), out var after);

        outcome.Should().Be(ClaimStatus.Claimed);
        after!.Device.RevisionNumber.Should().Be(2);
        after.LoadBalancerCount.Should().Be(1);
        after.WiredNetworkIds.Should().BeEquivalentTo(["v", "m"]);
        after.TenantIds.Should().BeEquivalentTo(["t1"]);
        after.VipAddresses.Should().BeEquivalentTo(["10.0.0.9"]);
        inventory.Find("d1").Should().BeSameAs(after);
        before.LoadBalancerCount.Should().Be(0, "a published snapshot never changes");
        before.WiredNetworkIds.Should().BeEmpty();
        before.TenantIds.Should().BeEmpty();
    }

    [Fact]
    public void TryClaim_WhenRevisionStale_ReturnsConflictAndRecordsNothing()
    {
        var inventory = With(Device("d1"));
        inventory.TryClaim("d1", 1, Claim("lb1"), out _).Should().Be(ClaimStatus.Claimed);

        var outcome = inventory.TryClaim("d1", 1, Claim("lb2"), out var current);

        outcome.Should().Be(ClaimStatus.RevisionConflict);
        current!.Device.RevisionNumber.Should().Be(2);
        inventory.ClaimsOf("d1")!.Select(c => c.LoadBalancerId).Should().Equal("lb1");
    }

    [Fact]
    public void TryClaim_WhenAtVipCapacity_FailsEvenWithoutRevisionCheck()
    {
        var inventory = With(Device("d1", maxVips: 2));
        inventory.TryClaim("d1", null, Claim("lb1"), out _).Should().Be(ClaimStatus.Claimed);
        inventory.TryClaim("d1", null, Claim("lb2"), out _).Should().Be(ClaimStatus.Claimed);

        inventory.TryClaim("d1", null, Claim("lb3"), out var current).Should().Be(ClaimStatus.AtVipCapacity);
        current!.LoadBalancerCount.Should().Be(2);
    }

    [Fact]
    public void TryClaim_WhenNewNetworksExceedCapacity_FailsButWiredNetworksStillFit()
    {
        var inventory = With(Device("d1", maxVips: 10, maxNetworks: 3));
        inventory.TryClaim("d1", null, Claim("lb1", vipNetworkId: "a", memberNetworkId: "b"), out _).Should().Be(ClaimStatus.Claimed);

        inventory.TryClaim("d1", null, Claim("lb2", vipNetworkId: "c", memberNetworkId: "d"), out _).Should().Be(ClaimStatus.AtNetworkCapacity);
        inventory.TryClaim("d1", null, Claim("lb3", vipNetworkId: "a", memberNetworkId: "c"), out _).Should().Be(ClaimStatus.Claimed);
        inventory.TryClaim("d1", null, Claim("lb4", vipNetworkId: "b", memberNetworkId: "a"), out _).Should().Be(ClaimStatus.Claimed);
        inventory.TryClaim("d1", null, Claim("lb5", vipNetworkId: "e", memberNetworkId: null), out _).Should().Be(ClaimStatus.AtNetworkCapacity);
        inventory.Find("d1")!.WiredNetworkIds.Should().BeEquivalentTo(["a", "b", "c"]);
    }

    [Fact]
    public void TryClaim_WhenLoadBalancerAlreadyOnDevice_ReturnsAlreadyClaimed()
    {
        var inventory = With(Device("d1"));
        inventory.TryClaim("d1", null, Claim("lb1"), out _);

        inventory.TryClaim("d1", null, Claim("lb1"), out _).Should().Be(ClaimStatus.AlreadyClaimed);
        inventory.TryClaim("ghost", null, Claim("lb1"), out var none).Should().Be(ClaimStatus.NotFound);
        none.Should().BeNull();
    }

    [Fact]
    public void Release_WhenLastClaimOfNetworkAndTenant_DropsThemFromSnapshotAndIndexes()
    {
        var inventory = With(Device("d1"));
        inventory.TryClaim("d1", null, Claim("lb1", "t1", "v", "m"), out _);
        inventory.TryClaim("d1", null, Claim("lb2", "t1", "v", null), out _);
        var slot = inventory.FindSlot("d1")!;

        inventory.Release("d1", "lb1").Should().BeTrue();
        inventory.Find("d1")!.WiredNetworkIds.Should().BeEquivalentTo(["v"]);
        inventory.OnNetwork("m").Should().BeNull();
        inventory.OnNetwork("v")!.Items.ToArray().Should().Equal(slot);
        inventory.HostingTenant("t1")!.Items.ToArray().Should().Equal(slot);

        inventory.Release("d1", "lb2").Should().BeTrue();
        inventory.Release("d1", "lb2").Should().BeFalse();
        inventory.Release("ghost", "lb2").Should().BeFalse();
        var empty = inventory.Find("d1")!;
        empty.LoadBalancerCount.Should().Be(0);
        empty.WiredNetworkIds.Should().BeEmpty();
        empty.TenantIds.Should().BeEmpty();
        empty.Device.RevisionNumber.Should().Be(5);
        inventory.OnNetwork("v").Should().BeNull();
        inventory.HostingTenant("t1").Should().BeNull();
    }

    [Fact]
    public void Replace_WhenStoreDiffers_ChangesOnlyTheDifferingClaimsAndTheirIndexes()
    {
        var inventory = With(Device("d1"));
        inventory.TryClaim("d1", null, Claim("kept", "t1", "v1", "m1", "10.0.0.1"), out _);
        inventory.TryClaim("d1", null, Claim("gone", "t2", "v2", "m2", "10.0.0.2"), out _);
        inventory.TryClaim("d1", null, Claim("moved", "t1", "v1", "m1", "10.0.0.3"), out _);
        var cached = inventory.Find("d1")!;

        var stored = new DeviceState(
            cached.Device with { RevisionNumber = cached.Device.RevisionNumber + 5 },
            [Claim("added", "t3", "v3", null, null), Claim("kept", "t1", "v1", "m1", "10.0.0.1"), Claim("moved", "t1", "v1", "m1", "10.0.0.4")]);
        var after = inventory.Replace(stored);

        after.Device.RevisionNumber.Should().Be(stored.Device.RevisionNumber);
        inventory.ClaimsOf("d1").Should().Equal(stored.Claims);
        after.LoadBalancerCount.Should().Be(3);
        after.WiredNetworkIds.Should().BeEquivalentTo(["v1", "m1", "v3"]);
        after.TenantIds.Should().BeEquivalentTo(["t1", "t3"]);
        after.VipAddresses.Should().BeEquivalentTo(["10.0.0.1", "10.0.0.4"]);
        inventory.OnNetwork("v2").Should().BeNull("the released claim's networks are unfiled");
        inventory.HostingTenant("t2").Should().BeNull();
        inventory.OnNetwork("v3")!.Items.ToArray().Select(s => s!.Id).Should().Equal("d1");
        inventory.HostingTenant("t1")!.Items.ToArray().Select(s => s!.Id).Should().Equal("d1");

        inventory.Replace(stored with { Device = stored.Device with { RevisionNumber = 1 } }).Should().BeSameAs(after, "an older state changes nothing");
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
    public void BucketOf_WhenDeviceCannotTakeMore_IsMinusOne(Device device, int load, int expected)
    {
        var snapshot = Snapshot(device, Enumerable.Range(0, load).Select(i => Claim($"lb{i}")).ToArray());

        DeviceInventory.BucketOf(snapshot).Should().Be(expected);
    }

    [Fact]
    public void Indexes_WhenDevicesChange_FileEachDeviceOnce()
    {
        var inventory = With(Device("shared", maxVips: 4), Device("private", tenantId: "t1"), Device("other", provider: "zeta"));
        var index = inventory.ProviderIndex("ACME")!;

        IdsIn(index, 0).Should().Equal("shared");
        inventory.PrivateTo("t1")!.Items.ToArray().Select(s => s!.Id).Should().Equal("private");
        IdsIn(inventory.ProviderIndex("zeta")!, 0).Should().Equal("other");

        inventory.TryClaim("shared", null, Claim("lb1"), out _);
        IdsIn(index, 0).Should().BeEmpty();
        IdsIn(index, 16).Should().Equal("shared");

        for (var i = 2; i <= 4; i++)
        {
            inventory.TryClaim("shared", null, Claim($"lb{i}"), out _);
        }

        Enumerable.Range(0, ProviderDeviceIndex.BucketCount).SelectMany(b => IdsIn(index, b)).Should().BeEmpty("a full device is not a least-loaded candidate");
        inventory.Update("shared", s => s.Device with { AdminStateUp = false });
        inventory.Release("shared", "lb1");
        Enumerable.Range(0, ProviderDeviceIndex.BucketCount).SelectMany(b => IdsIn(index, b)).Should().BeEmpty("a disabled device is not a least-loaded candidate");
        inventory.Update("shared", s => s.Device with { AdminStateUp = true });
        IdsIn(index, 48).Should().Equal("shared");

        inventory.TryRemove("private", out _).Should().Be(RemoveOutcome.Removed);
        inventory.PrivateTo("t1").Should().BeNull();
    }

    [Fact]
    public void OrderedSlots_WhenDevicesAddedAndRemoved_StaysCurrent()
    {
        var inventory = With(Device("b"), Device("a"));
        var first = inventory.OrderedSlots();

        inventory.OrderedSlots().Should().BeSameAs(first);
        inventory.TryAdd(Device("c"));
        inventory.TryRemove("a", out _);

        inventory.OrderedSlots().Select(s => s.Id).Should().Equal("b", "c");
        inventory.Count.Should().Be(2);
    }

    [Fact]
    public void TryClaim_WhenEightThreadsRaceForFewSlots_NeverOvercommits()
    {
        const int devices = 20;
        const int maxVips = 7;
        const int threads = 8;
        const int attemptsPerThread = 200;
        var inventory = With(Enumerable.Range(0, devices).Select(i => Device($"d{i}", maxVips: maxVips, maxNetworks: 5)).ToArray());
        var claimed = new int[threads];
        var barrier = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            barrier.SignalAndWait();
            for (var i = 0; i < attemptsPerThread; i++)
            {
                var deviceId = $"d{(i + t) % devices}";
                var claim = Claim($"lb-{t}-{i}", $"t{i % 3}", $"net-{i % 11}", $"net-{(i * 7) % 13}");
                var revision = inventory.Find(deviceId)!.Device.RevisionNumber;
                var useRevision = i % 2 == 0;
                if (inventory.TryClaim(deviceId, useRevision ? revision : null, claim, out _) == ClaimStatus.Claimed)
                {
                    claimed[t]++;
                }
            }
        })).ToList();

        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        var total = 0;
        for (var i = 0; i < devices; i++)
        {
            var snapshot = inventory.Find($"d{i}")!;
            var claims = inventory.ClaimsOf($"d{i}")!;
            snapshot.LoadBalancerCount.Should().BeLessThanOrEqualTo(maxVips).And.Be(claims.Count);
            snapshot.WiredNetworkIds.Count.Should().BeLessThanOrEqualTo(5);
            snapshot.WiredNetworkIds.Should().BeEquivalentTo(claims.SelectMany(c => new[] { c.VipNetworkId, c.MemberNetworkId! }).Distinct());
            snapshot.TenantIds.Should().BeEquivalentTo(claims.Select(c => c.TenantId).Distinct());
            snapshot.Device.RevisionNumber.Should().Be(1 + claims.Count);
            total += claims.Count;
        }

        total.Should().Be(claimed.Sum());
    }
}
