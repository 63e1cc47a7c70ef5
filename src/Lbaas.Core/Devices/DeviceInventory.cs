using System.Collections.Concurrent;
using Lbaas.Storage;
using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// The devices and their load, in memory: per device an immutable <see cref="DeviceSnapshot"/> replaced under a small
/// per-device lock, plus the indexes placement searches instead of scanning every device - by provider and load
/// bucket (least loaded first), by network (devices wired into it), by project (devices hosting it) and by owner
/// (private devices).
/// </summary>
/// <remarks>
/// <para>
/// A capacity claim is a compare-and-set on the device revision: the scheduler reads a snapshot, judges it, then calls
/// <see cref="TryClaim(DeviceSlot, long?, LoadBalancerClaim, out DeviceSnapshot?)"/> with the revision it read; when the
/// device changed meanwhile nothing is recorded and the caller re-judges the new snapshot or moves on. Independently of
/// the revision, a claim beyond the device's VIP capacity, or one whose new networks would exceed its network capacity,
/// always fails, so no race can overcommit a device.
/// </para>
/// <para>
/// Every change bumps <see cref="Device.RevisionNumber"/> and publishes a new snapshot. A snapshot's network set holds
/// the networks the device's claims need: wired, or about to be wired by the claim's owner (who releases the claim when
/// wiring fails).
/// </para>
/// <para>
/// Indexes are updated under the device's lock, so each device is filed consistently; readers walk them without locks
/// and therefore treat them as proposals only (see <see cref="DeviceSlotSet"/>).
/// </para>
/// </remarks>
internal sealed class DeviceInventory
{
    private readonly ConcurrentDictionary<string, DeviceSlot> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ProviderDeviceIndex> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DeviceSlotSet> _byNetwork = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeviceSlotSet> _byTenant = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeviceSlotSet> _privateTo = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _providerNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<DeviceCapacity, DeviceCapacity> _capacities = new();
    private int _count;
    private long _version;
    private Tuple<long, DeviceSlot[]>? _ordered;

    /// <summary>How many devices there are.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Reads a device and its load.</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>The current snapshot, or null.</returns>
    public DeviceSnapshot? Find(string deviceId) =>
        deviceId is not null && _slots.TryGetValue(deviceId, out var slot) ? slot.Current : null;

    /// <summary>The slot of a device, or null.</summary>
    public DeviceSlot? FindSlot(string deviceId) =>
        deviceId is not null && _slots.TryGetValue(deviceId, out var slot) && slot.Current is not null ? slot : null;

    /// <summary>Adds a device (already validated) at revision 1.</summary>
    /// <param name="device">The device.</param>
    /// <returns>Its snapshot, or null when a device with that id exists.</returns>
    public DeviceSnapshot? TryAdd(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        device = Shared(device);
        var slot = new DeviceSlot(device.Id, device.Provider);
        lock (slot.Gate)
        {
            var snapshot = slot.Publish(device with { RevisionNumber = 1 });
            if (!_slots.TryAdd(device.Id, slot))
            {
                return null;
            }

            Interlocked.Increment(ref _count);
            Interlocked.Increment(ref _version);
            Refile(slot, snapshot);
            return snapshot;
        }
    }

    /// <summary>
    /// Changes a device under its lock: <paramref name="change"/> gets the current snapshot and returns the changed
    /// device (null: no change). It may throw to refuse the change; nothing is then changed. The id and provider cannot
    /// change; the revision is bumped here.
    /// </summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="change">Computes the new device.</param>
    /// <returns>The snapshot after the change, or null when there is no such device.</returns>
    public DeviceSnapshot? Update(string deviceId, Func<DeviceSnapshot, Device?> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (FindSlot(deviceId) is not { } slot)
        {
            return null;
        }

        lock (slot.Gate)
        {
            if (slot.Current is not { } current)
            {
                return null;
            }

            if (change(current) is not { } changed)
            {
                return current;
            }

            if (!string.Equals(changed.Id, slot.Id, StringComparison.Ordinal) || !string.Equals(changed.Provider, slot.Provider, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("A device's id and provider cannot change.");
            }

            var snapshot = slot.Publish(Shared(changed) with { RevisionNumber = current.Device.RevisionNumber + 1 });
            Refile(slot, snapshot);
            return snapshot;
        }
    }

    /// <summary>Removes a device unless it hosts load balancers.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="hosted">How many load balancers it hosts.</param>
    /// <returns>What happened.</returns>
    public RemoveOutcome TryRemove(string deviceId, out int hosted)
    {
        hosted = 0;
        if (FindSlot(deviceId) is not { } slot)
        {
            return RemoveOutcome.NotFound;
        }

        lock (slot.Gate)
        {
            if (slot.Current is null)
            {
                return RemoveOutcome.NotFound;
            }

            hosted = slot.Claims.Count;
            if (hosted > 0)
            {
                return RemoveOutcome.HostsLoadBalancers;
            }

            slot.Unpublish();
            _slots.TryRemove(new KeyValuePair<string, DeviceSlot>(slot.Id, slot));
            Refile(slot, null);
            Interlocked.Decrement(ref _count);
            Interlocked.Increment(ref _version);
            return RemoveOutcome.Removed;
        }
    }

    /// <summary>Claims one VIP slot and the claim's networks on a device.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="expectedRevision">The revision the caller judged, or null to skip the check (restoring placements).</param>
    /// <param name="claim">The claim.</param>
    /// <param name="current">The device's snapshot after the claim, or its current one when the claim failed.</param>
    /// <returns>What happened.</returns>
    public ClaimStatus TryClaim(string deviceId, long? expectedRevision, LoadBalancerClaim claim, out DeviceSnapshot? current)
    {
        if (FindSlot(deviceId) is not { } slot)
        {
            current = null;
            return ClaimStatus.NotFound;
        }

        return TryClaim(slot, expectedRevision, claim, out current);
    }

    /// <summary>Claims one VIP slot and the claim's networks on a device (see the class remarks).</summary>
    /// <param name="slot">The device.</param>
    /// <param name="expectedRevision">The revision the caller judged, or null to skip the check.</param>
    /// <param name="claim">The claim.</param>
    /// <param name="current">The device's snapshot after the claim, or its current one when the claim failed.</param>
    /// <returns>What happened.</returns>
    public ClaimStatus TryClaim(DeviceSlot slot, long? expectedRevision, LoadBalancerClaim claim, out DeviceSnapshot? current) =>
        TryClaim(slot, expectedRevision, claim, default, out current);

    /// <summary>Claims one VIP slot and the claim's networks on a device, reusing index sets the caller looked up.</summary>
    /// <param name="slot">The device.</param>
    /// <param name="expectedRevision">The revision the caller judged, or null to skip the check.</param>
    /// <param name="claim">The claim.</param>
    /// <param name="hints">Index sets for the claim's networks and project, when the caller has them.</param>
    /// <param name="current">The device's snapshot after the claim, or its current one when the claim failed.</param>
    /// <returns>What happened.</returns>
    public ClaimStatus TryClaim(DeviceSlot slot, long? expectedRevision, LoadBalancerClaim claim, IndexHints hints, out DeviceSnapshot? current)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(claim);
        lock (slot.Gate)
        {
            current = slot.Current;
            if (current is null)
            {
                return ClaimStatus.NotFound;
            }

            if (expectedRevision is { } expected && current.Device.RevisionNumber != expected)
            {
                return ClaimStatus.RevisionConflict;
            }

            if (slot.Claims.ContainsKey(claim.LoadBalancerId))
            {
                return ClaimStatus.AlreadyClaimed;
            }

            if (ClaimAdmission.Evaluate(current.Device.Capacity, new SlotLoad(slot), claim.VipNetworkId, claim.MemberNetworkId) is var admission and not ClaimStatus.Claimed)
            {
                return admission;
            }

            ClaimCore(slot, claim, hints);
            current = slot.Publish(current.Device with { RevisionNumber = current.Device.RevisionNumber + 1 });
            RefileBucket(slot, current);
            return ClaimStatus.Claimed;
        }
    }

    /// <summary>Releases a load balancer's claim on a device.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="loadBalancerId">The load balancer.</param>
    /// <param name="expectedRevision">
    /// The revision the cached device must have (the store's revision before the release), or null to skip the check.
    /// </param>
    /// <returns>Whether a claim was released (false also when the cached device is at another revision).</returns>
    public bool Release(string deviceId, string loadBalancerId, long? expectedRevision = null)
    {
        if (loadBalancerId is null || FindSlot(deviceId) is not { } slot)
        {
            return false;
        }

        lock (slot.Gate)
        {
            if (slot.Current is not { } current || (expectedRevision is { } expected && current.Device.RevisionNumber != expected) || !ReleaseCore(slot, loadBalancerId))
            {
                return false;
            }

            current = slot.Publish(current.Device with { RevisionNumber = current.Device.RevisionNumber + 1 });
            RefileBucket(slot, current);
            return true;
        }
    }

    /// <summary>
    /// Records the VIP address a placed load balancer got when it was wired (claims are made before the address
    /// exists), so the overlapping-IP policy sees it on later placements.
    /// </summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="loadBalancerId">The load balancer.</param>
    /// <param name="vipAddress">Its VIP address.</param>
    /// <param name="expectedRevision">The revision the cached device must have, or null to skip the check.</param>
    /// <returns>False when the device or the claim is gone, or the cached device is at another revision.</returns>
    public bool RecordVipAddress(string deviceId, string loadBalancerId, string vipAddress, long? expectedRevision = null)
    {
        if (loadBalancerId is null || vipAddress is null || FindSlot(deviceId) is not { } slot)
        {
            return false;
        }

        lock (slot.Gate)
        {
            if (slot.Current is not { } current || (expectedRevision is { } expected && current.Device.RevisionNumber != expected)
                || !slot.Claims.TryGetValue(loadBalancerId, out var claim))
            {
                return false;
            }

            if (string.Equals(claim.VipAddress, vipAddress, StringComparison.Ordinal))
            {
                return true;
            }

            var removed = claim.VipAddress is { } old && RemoveRef(slot.VipRefs, old) ? old : null;
            var added = AddRef(slot.VipRefs, vipAddress) ? vipAddress : null;
            slot.Claims[loadBalancerId] = claim with { VipAddress = vipAddress };
            if (added is not null || removed is not null)
            {
                slot.ChangeVips(added, removed);
            }

            slot.Publish(current.Device with { RevisionNumber = current.Device.RevisionNumber + 1 });
            return true;
        }
    }

    /// <summary>
    /// Publishes a device as the store returned it after a change of its row: applied only when the cached device is at
    /// the revision just before (<paramref name="stored"/>'s revision - 1); the claims stay. The id and provider cannot
    /// change.
    /// </summary>
    /// <param name="stored">The device as stored.</param>
    /// <returns>True when applied; false when the device is not cached or at another revision (then reload it).</returns>
    public bool ApplyStored(Device stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (FindSlot(stored.Id) is not { } slot)
        {
            return false;
        }

        lock (slot.Gate)
        {
            if (slot.Current is not { } current || current.Device.RevisionNumber != stored.RevisionNumber - 1)
            {
                return false;
            }

            if (!string.Equals(stored.Provider, slot.Provider, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("A device's provider cannot change.");
            }

            Refile(slot, slot.Publish(Shared(stored)));
            return true;
        }
    }

    /// <summary>
    /// Replaces the cached device and its claims with the store's (refresh): adds the device when it is not cached,
    /// and changes nothing when the cache is already at the same or a later revision.
    /// </summary>
    /// <param name="state">The device and its claims, read from the store at one revision.</param>
    /// <returns>The current snapshot.</returns>
    public DeviceSnapshot Replace(DeviceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var device = Shared(state.Device);
        while (true)
        {
            if (FindSlot(device.Id) is { } existing)
            {
                lock (existing.Gate)
                {
                    if (existing.Current is not { } current)
                    {
                        continue;
                    }

                    if (current.Device.RevisionNumber >= device.RevisionNumber)
                    {
                        return current;
                    }

                    ReconcileClaims(existing, state.Claims);
                    var snapshot = existing.Publish(device);
                    Refile(existing, snapshot);
                    return snapshot;
                }
            }

            // A new slot is published at revision 0 (which no store revision matches, so nothing can be claimed on it
            // through a stale judgement) until its claims are in, then at the store's revision.
            var slot = new DeviceSlot(device.Id, device.Provider);
            lock (slot.Gate)
            {
                slot.Publish(device with { RevisionNumber = 0 });
                if (!_slots.TryAdd(device.Id, slot))
                {
                    continue;
                }

                Interlocked.Increment(ref _count);
                Interlocked.Increment(ref _version);
                foreach (var claim in state.Claims)
                {
                    ClaimCore(slot, claim, default);
                }

                var snapshot = slot.Publish(device);
                Refile(slot, snapshot);
                return snapshot;
            }
        }
    }

    /// <summary>Drops a device from the cache, whatever its claims (the store no longer has it).</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>Whether it was cached.</returns>
    public bool Forget(string deviceId)
    {
        if (FindSlot(deviceId) is not { } slot)
        {
            return false;
        }

        lock (slot.Gate)
        {
            if (slot.Current is null)
            {
                return false;
            }

            foreach (var loadBalancerId in slot.Claims.Keys.ToArray())
            {
                ReleaseCore(slot, loadBalancerId);
            }

            slot.Unpublish();
            _slots.TryRemove(new KeyValuePair<string, DeviceSlot>(slot.Id, slot));
            Refile(slot, null);
            Interlocked.Decrement(ref _count);
            Interlocked.Increment(ref _version);
            return true;
        }
    }

    /// <summary>The claims on a device, ordered by load balancer id.</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>The claims, or null when there is no such device.</returns>
    public IReadOnlyList<LoadBalancerClaim>? ClaimsOf(string deviceId)
    {
        if (FindSlot(deviceId) is not { } slot)
        {
            return null;
        }

        lock (slot.Gate)
        {
            if (slot.Current is null)
            {
                return null;
            }

            var claims = slot.Claims.Values.ToArray();
            Array.Sort(claims, static (a, b) => string.CompareOrdinal(a.LoadBalancerId, b.LoadBalancerId));
            return claims;
        }
    }

    /// <summary>Every device, ordered by id (cached between changes of the device set).</summary>
    /// <returns>The slots; a slot removed meanwhile has no snapshot.</returns>
    public DeviceSlot[] OrderedSlots()
    {
        var version = Volatile.Read(ref _version);
        var cached = Volatile.Read(ref _ordered);
        if (cached is not null && cached.Item1 == version)
        {
            return cached.Item2;
        }

        var slots = _slots.Values.ToArray();
        Array.Sort(slots, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        Volatile.Write(ref _ordered, Tuple.Create(version, slots));
        return slots;
    }

    /// <summary>The load-bucket index of a provider, or null when it has no device.</summary>
    public ProviderDeviceIndex? ProviderIndex(string provider) =>
        provider is not null && _providers.TryGetValue(provider, out var index) ? index : null;

    /// <summary>Devices whose claims use <paramref name="networkId"/>, or null.</summary>
    public DeviceSlotSet? OnNetwork(string? networkId) =>
        networkId is not null && _byNetwork.TryGetValue(networkId, out var set) ? set : null;

    /// <summary>Devices hosting a load balancer of <paramref name="tenantId"/>, or null.</summary>
    public DeviceSlotSet? HostingTenant(string tenantId) =>
        tenantId is not null && _byTenant.TryGetValue(tenantId, out var set) ? set : null;

    /// <summary>Devices private to <paramref name="tenantId"/>, or null.</summary>
    public DeviceSlotSet? PrivateTo(string tenantId) =>
        tenantId is not null && _privateTo.TryGetValue(tenantId, out var set) ? set : null;

    /// <summary>Whether a snapshot can take a load balancer at all, as the load-bucket index sees it.</summary>
    /// <param name="snapshot">A device snapshot.</param>
    /// <returns>Its bucket, or -1 when it is private, disabled, draining, down or full.</returns>
    internal static int BucketOf(DeviceSnapshot snapshot)
    {
        var device = snapshot.Device;
        if (device.TenantId is not null || !device.AdminStateUp || device.Draining || device.Health == DeviceHealth.Down || snapshot.FreeVips <= 0)
        {
            return -1;
        }

        return (int)Math.Min(ProviderDeviceIndex.BucketCount - 1, (long)snapshot.LoadBalancerCount * ProviderDeviceIndex.BucketCount / device.Capacity.MaxVips);
    }

    // Makes the slot's claims equal the stored ones, changing only those that differ: a refresh after one missed claim
    // or release then costs one claim, not a release and a claim of everything the device hosts.
    private void ReconcileClaims(DeviceSlot slot, IReadOnlyList<LoadBalancerClaim> stored)
    {
        var byId = new Dictionary<string, LoadBalancerClaim>(stored.Count, StringComparer.Ordinal);
        foreach (var claim in stored)
        {
            byId[claim.LoadBalancerId] = claim;
        }

        List<string>? stale = null;
        foreach (var (loadBalancerId, claim) in slot.Claims)
        {
            if (!byId.TryGetValue(loadBalancerId, out var kept) || kept != claim)
            {
                (stale ??= []).Add(loadBalancerId);
            }
        }

        foreach (var loadBalancerId in stale ?? [])
        {
            ReleaseCore(slot, loadBalancerId);
        }

        foreach (var claim in byId.Values)
        {
            if (!slot.Claims.ContainsKey(claim.LoadBalancerId))
            {
                ClaimCore(slot, claim, default);
            }
        }
    }

    // Records a claim's VIP slot, networks, project and address (under the slot's lock; no checks, no publish).
    private void ClaimCore(DeviceSlot slot, LoadBalancerClaim claim, IndexHints hints)
    {
        var vip = claim.VipNetworkId;
        var member = claim.MemberNetworkId is { } m && !string.Equals(m, vip, StringComparison.Ordinal) ? m : null;
        slot.Claims.Add(claim.LoadBalancerId, claim);
        // Newly used networks and projects are filed in the indexes first: the index key is the shared instance of
        // the id, which the device's sets then hold, so lookups of one id across devices compare one hot string.
        var addedVipNetwork = AddIndexedRef(slot.NetworkRefs, _byNetwork, vip, hints.VipNetwork, slot);
        var addedMemberNetwork = member is null ? null : AddIndexedRef(slot.NetworkRefs, _byNetwork, member, hints.MemberNetwork, slot);
        var addedTenant = AddIndexedRef(slot.TenantRefs, _byTenant, claim.TenantId, hints.Tenant, slot);
        var addedVip = claim.VipAddress is { } address && AddRef(slot.VipRefs, address) ? address : null;
        if (addedVipNetwork is not null || addedMemberNetwork is not null)
        {
            slot.ChangeNetworks(addedVipNetwork, addedMemberNetwork, null, null);
        }

        if (addedTenant is not null)
        {
            slot.ChangeTenants(addedTenant, null);
        }

        if (addedVip is not null)
        {
            slot.ChangeVips(addedVip, null);
        }
    }

    // Forgets a claim (under the slot's lock; no publish). False when there is no such claim.
    private bool ReleaseCore(DeviceSlot slot, string loadBalancerId)
    {
        if (!slot.Claims.Remove(loadBalancerId, out var claim))
        {
        return false;
        }

        var vip = claim.VipNetworkId;
        var member = claim.MemberNetworkId is { } m && !string.Equals(m, vip, StringComparison.Ordinal) ? m : null;
        var removedVipNetwork = RemoveIndexedRef(slot.NetworkRefs, _byNetwork, vip, slot);
        var removedMemberNetwork = member is null ? null : RemoveIndexedRef(slot.NetworkRefs, _byNetwork, member, slot);
        var removedTenant = RemoveIndexedRef(slot.TenantRefs, _byTenant, claim.TenantId, slot);
        var removedVip = claim.VipAddress is { } address && RemoveRef(slot.VipRefs, address) ? address : null;
        if (removedVipNetwork is not null || removedMemberNetwork is not null)
        {
            slot.ChangeNetworks(null, null, removedVipNetwork, removedMemberNetwork);
        }

        if (removedTenant is not null)
        {
            slot.ChangeTenants(null, removedTenant);
        }

        if (removedVip is not null)
        {
            slot.ChangeVips(null, removedVip);
        }

        return true;
    }

    // Devices share one instance of each provider name and capacity, so judging a device touches fewer cache lines.
    private Device Shared(Device device)
    {
        var provider = _providerNames.GetOrAdd(device.Provider, device.Provider);
        var capacity = _capacities.GetOrAdd(device.Capacity, device.Capacity);
        return ReferenceEquals(provider, device.Provider) && ReferenceEquals(capacity, device.Capacity)
            ? device
            : device with { Provider = provider, Capacity = capacity };
    }

    // Counts a use of a network or project; on its first use files the device in the index and returns the index's
    // instance of the key (null when the device already used it).
    private static string? AddIndexedRef(Dictionary<string, (int Count, DeviceSlotSet? Set)> refs, ConcurrentDictionary<string, DeviceSlotSet> index, string key, DeviceSlotSet? hint, DeviceSlot slot)
    {
        ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(refs, key, out var existed);
        entry.Count++;
        if (existed)
        {
            return null;
        }

        var set = hint is not null && string.Equals(hint.Key, key, StringComparison.Ordinal) && hint.Add(slot) ? hint : AddToIndex(index, key, slot);
        entry.Set = set;
        return set.Key ?? key;
    }

    // Counts a use less; on the last one unfiles the device and returns the key (null while other claims use it).
    private static string? RemoveIndexedRef(Dictionary<string, (int Count, DeviceSlotSet? Set)> refs, ConcurrentDictionary<string, DeviceSlotSet> index, string key, DeviceSlot slot)
    {
        ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(refs, key);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry) || --entry.Count > 0)
        {
            return null;
        }

        var set = entry.Set;
        refs.Remove(key);
        if (set is not null && set.Remove(slot, retireWhenEmpty: true))
        {
            index.TryRemove(new KeyValuePair<string, DeviceSlotSet>(set.Key ?? key, set));
        }

        return key;
    }

    private static bool AddRef(Dictionary<string, int> refs, string key)
    {
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(refs, key, out var existed);
        count++;
        return !existed;
    }

    private static bool RemoveRef(Dictionary<string, int> refs, string key)
    {
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(refs, key);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref count))
        {
            return false;
        }

        if (--count > 0)
        {
            return false;
        }

        refs.Remove(key);
        return true;
    }

    // Files the device under the key; returns the set it is filed in.
    private static DeviceSlotSet AddToIndex(ConcurrentDictionary<string, DeviceSlotSet> index, string key, DeviceSlot slot)
    {
        while (true)
        {
            var set = index.GetOrAdd(key, static k => new DeviceSlotSet(k));
            if (set.Add(slot))
            {
                return set;
            }

            index.TryRemove(new KeyValuePair<string, DeviceSlotSet>(key, set));
        }
    }

    private static void RemoveFromIndex(ConcurrentDictionary<string, DeviceSlotSet> index, string key, DeviceSlot slot)
    {
        if (index.TryGetValue(key, out var set) && set.Remove(slot, retireWhenEmpty: true))
        {
            index.TryRemove(new KeyValuePair<string, DeviceSlotSet>(key, set));
        }
    }

    // Files the device under its private owner and load bucket; null = removed (under the slot's lock).
    private void Refile(DeviceSlot slot, DeviceSnapshot? snapshot)
    {
        var owner = snapshot?.Device.TenantId;
        if (!string.Equals(owner, slot.PrivateTenant, StringComparison.Ordinal))
        {
            if (slot.PrivateTenant is { } previous)
            {
                RemoveFromIndex(_privateTo, previous, slot);
            }

            if (owner is not null)
            {
                AddToIndex(_privateTo, owner, slot);
            }

            slot.PrivateTenant = owner;
        }

        RefileBucket(slot, snapshot);
    }

    private void RefileBucket(DeviceSlot slot, DeviceSnapshot? snapshot)
    {
        var bucket = snapshot is null ? -1 : BucketOf(snapshot);
        if (bucket == slot.Bucket)
        {
            return;
        }

        var index = _providers.GetOrAdd(slot.Provider, static _ => new ProviderDeviceIndex());
        if (slot.Bucket >= 0)
        {
            index.SetOf(slot.Bucket, slot).Remove(slot, retireWhenEmpty: false);
        }

        if (bucket >= 0)
        {
            index.SetOf(bucket, slot).Add(slot);
        }

        slot.Bucket = bucket;
    }

    /// <summary>A slot's load, as <see cref="ClaimAdmission"/> reads it (the caller holds the slot's lock).</summary>
    private readonly struct SlotLoad(DeviceSlot slot) : IDeviceLoad
    {
        public int ClaimCount => slot.Claims.Count;

        public int NetworkCount => slot.NetworkRefs.Count;

        public bool IsWiredTo(string networkId) => slot.NetworkRefs.ContainsKey(networkId);
    }
}
