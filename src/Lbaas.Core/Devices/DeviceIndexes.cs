using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// The indexes placement searches instead of scanning every device - by provider and load bucket (least loaded first),
/// by network (devices wired into it), by project (devices hosting it) and by owner (private devices) - and the shared
/// instances (interning) of provider names and capacities. The <see cref="DeviceCache"/> feeds it each device's claims
/// and snapshots, under the device's lock, so each device is filed consistently; readers walk the sets without locks
/// and therefore treat them as proposals only (see <see cref="DeviceSlotSet"/>).
/// </summary>
internal sealed class DeviceIndexes
{
    private readonly ConcurrentDictionary<string, ProviderDeviceIndex> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DeviceSlotSet> _byNetwork = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeviceSlotSet> _byTenant = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeviceSlotSet> _privateTo = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _providerNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<DeviceCapacity, DeviceCapacity> _capacities = new();

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
    public static int BucketOf(DeviceSnapshot snapshot)
    {
        var device = snapshot.Record;
        if (device.TenantId is not null || !device.AdminStateUp || device.Draining || device.Health == DeviceHealth.Down || snapshot.FreeVips <= 0)
        {
            return -1;
        }

        return (int)Math.Min(ProviderDeviceIndex.BucketCount - 1, (long)snapshot.LoadBalancerCount * ProviderDeviceIndex.BucketCount / device.Capacity.MaxVips);
    }

    /// <summary>
    /// The device with the one shared instance of its provider name and capacity, so judging a device touches fewer
    /// cache lines.
    /// </summary>
    public Device Shared(Device device)
    {
        var provider = _providerNames.GetOrAdd(device.Provider, device.Provider);
        var capacity = _capacities.GetOrAdd(device.Capacity, device.Capacity);
        return ReferenceEquals(provider, device.Provider) && ReferenceEquals(capacity, device.Capacity)
            ? device
            : device with { Provider = provider, Capacity = capacity };
    }

    /// <summary>Records a claim's VIP slot, networks, project and address on the slot and files them (under the slot's lock; no checks, no publish).</summary>
    /// <param name="slot">The device.</param>
    /// <param name="claim">The claim, admitted by the store.</param>
    /// <param name="hints">Index sets the caller looked up already, or default.</param>
    public void AddClaim(DeviceSlot slot, LoadBalancerClaim claim, IndexHints hints)
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

    /// <summary>Forgets a claim and unfiles what only it used (under the slot's lock; no publish).</summary>
    /// <returns>False when there is no such claim.</returns>
    public bool RemoveClaim(DeviceSlot slot, string loadBalancerId)
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

    /// <summary>
    /// Makes the slot's claims equal the stored ones, changing only those that differ: a refresh after one missed claim
    /// or release then costs one claim, not a release and a claim of everything the device hosts (under the slot's lock).
    /// </summary>
    public void ReconcileClaims(DeviceSlot slot, IReadOnlyList<LoadBalancerClaim> stored)
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
            RemoveClaim(slot, loadBalancerId);
        }

        foreach (var claim in byId.Values)
        {
            if (!slot.Claims.ContainsKey(claim.LoadBalancerId))
            {
                AddClaim(slot, claim, default);
            }
        }
    }

    /// <summary>Changes the VIP address a claim holds (under the slot's lock; no publish).</summary>
    /// <returns>False when there is no such claim.</returns>
    public static bool ChangeVipAddress(DeviceSlot slot, string loadBalancerId, string vipAddress)
    {
        if (!slot.Claims.TryGetValue(loadBalancerId, out var claim))
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

        return true;
    }

    /// <summary>Files the device under its private owner and load bucket; null = removed (under the slot's lock).</summary>
    public void Refile(DeviceSlot slot, DeviceSnapshot? snapshot)
    {
        var owner = snapshot?.Record.TenantId;
        if (!string.Equals(owner, slot.PrivateTenant, StringComparison.Ordinal))
        {
            if (slot.PrivateTenant is { } previous && _privateTo.TryGetValue(previous, out var set) && set.Remove(slot, retireWhenEmpty: true))
            {
                _privateTo.TryRemove(new KeyValuePair<string, DeviceSlotSet>(previous, set));
            }

            if (owner is not null)
            {
                AddToIndex(_privateTo, owner, slot);
            }

            slot.PrivateTenant = owner;
        }

        RefileBucket(slot, snapshot);
    }

    /// <summary>Files the device under its load bucket only (a claim or release changes nothing else; under the slot's lock).</summary>
    public void RefileBucket(DeviceSlot slot, DeviceSnapshot? snapshot)
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

    // Counts a use of a network or project; on its first use files the device in the index and returns the index's
    // instance of the key (null when the device already used it).
    private static string? AddIndexedRef(Dictionary<string, (int Count, DeviceSlotSet? Set)> refs, ConcurrentDictionary<string, DeviceSlotSet> index, string key, DeviceSlotSet? hint, DeviceSlot slot)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(refs, key, out var existed);
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
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(refs, key);
        if (Unsafe.IsNullRef(ref entry) || --entry.Count > 0)
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
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(refs, key, out var existed);
        count++;
        return !existed;
    }

    private static bool RemoveRef(Dictionary<string, int> refs, string key)
    {
        ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(refs, key);
        if (Unsafe.IsNullRef(ref count) || --count > 0)
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
}
