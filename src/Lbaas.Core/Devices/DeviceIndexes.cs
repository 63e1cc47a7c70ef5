using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// The indexes placement searches instead of scanning every device - by provider and load bucket (least loaded first),
/// by network (devices wired into it), by project (devices hosting it) and by owner (private devices) - and the numbers
/// that stand for provider names and owner projects in the <see cref="DeviceFacts"/>. The <see cref="DeviceCache"/> feeds it each device's claims
/// and records, under the device's lock, so each device is filed consistently; readers walk the sets without locks
/// and therefore treat them as proposals only (see <see cref="DeviceSlotSet"/>).
/// </summary>
internal sealed class DeviceIndexes(Func<int, DeviceSlot?> slotOf)
{
    private readonly ConcurrentDictionary<string, ProviderDeviceIndex> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, DeviceSlotSet> _byNetwork = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeviceSlotSet> _byTenant = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeviceSlotSet> _privateTo = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _providerNumbers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _ownerNumbers = new(StringComparer.Ordinal);
    private int _lastProviderNumber;
    private int _lastOwnerNumber;

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

    /// <summary>
    /// The number standing for a provider name (case-insensitive) in the facts, made on first use; with
    /// <paramref name="add"/> false, -1 for a name no device has had (which no device's facts match).
    /// </summary>
    public int ProviderNumber(string provider, bool add = true) =>
        _providerNumbers.TryGetValue(provider, out var number) ? number
            : add ? _providerNumbers.GetOrAdd(provider, _ => Interlocked.Increment(ref _lastProviderNumber)) : -1;

    /// <summary>
    /// The number standing for the owner project of private devices in the facts (0 for none), made on first use; with
    /// <paramref name="add"/> false, -1 for a project that never owned a device.
    /// </summary>
    public int OwnerNumber(string? tenantId, bool add = true) =>
        tenantId is null ? 0
            : _ownerNumbers.TryGetValue(tenantId, out var number) ? number
            : add ? _ownerNumbers.GetOrAdd(tenantId, _ => Interlocked.Increment(ref _lastOwnerNumber)) : -1;

    /// <summary>Whether a device can take a load balancer at all, as the load-bucket index sees it.</summary>
    /// <param name="device">The device record.</param>
    /// <param name="loadBalancers">The load balancers on it.</param>
    /// <returns>Its bucket, or -1 when it is private, disabled, draining, down or full.</returns>
    public static int BucketOf(Device device, int loadBalancers)
    {
        if (device.TenantId is not null || !device.AdminStateUp || device.Draining || device.Health == DeviceHealth.Down || device.Capacity.MaxVips - loadBalancers <= 0)
        {
            return -1;
        }

        return (int)Math.Min(ProviderDeviceIndex.BucketCount - 1, (long)loadBalancers * ProviderDeviceIndex.BucketCount / device.Capacity.MaxVips);
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
        AddIndexedRef(slot.NetworkRefs, _byNetwork, vip, hints.VipNetwork, slot);
        if (member is not null)
        {
            AddIndexedRef(slot.NetworkRefs, _byNetwork, member, hints.MemberNetwork, slot);
        }

        AddIndexedRef(slot.TenantRefs, _byTenant, claim.TenantId, hints.Tenant, slot);
        if (claim.VipAddress is { } address)
        {
            AddRef(slot.VipRefs, address);
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
        RemoveIndexedRef(slot.NetworkRefs, _byNetwork, vip, slot);
        if (member is not null)
        {
            RemoveIndexedRef(slot.NetworkRefs, _byNetwork, member, slot);
        }

        RemoveIndexedRef(slot.TenantRefs, _byTenant, claim.TenantId, slot);
        if (claim.VipAddress is { } address)
        {
            RemoveRef(slot.VipRefs, address);
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

        if (claim.VipAddress is { } old)
        {
            RemoveRef(slot.VipRefs, old);
        }

        AddRef(slot.VipRefs, vipAddress);
        slot.Claims[loadBalancerId] = claim with { VipAddress = vipAddress };
        return true;
    }

    /// <summary>Files the device under its private owner and load bucket, or unfiles a removed one (under the slot's lock).</summary>
    public void Refile(DeviceSlot slot)
    {
        var owner = slot.Removed ? null : slot.Record.TenantId;
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

        RefileBucket(slot);
    }

    /// <summary>Files the device under its load bucket only (a claim or release changes nothing else; under the slot's lock).</summary>
    public void RefileBucket(DeviceSlot slot)
    {
        var bucket = slot.Removed ? -1 : BucketOf(slot.Record, slot.Claims.Count);
        if (bucket == slot.Bucket)
        {
            return;
        }

        var index = _providers.GetOrAdd(slot.Provider, static (_, slotOf) => new ProviderDeviceIndex(slotOf), slotOf);
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

    // Counts a use of a network or project; on its first use files the device in the index.
    private static void AddIndexedRef(Dictionary<string, (int Count, DeviceSlotSet? Set)> refs, ConcurrentDictionary<string, DeviceSlotSet> index, string key, DeviceSlotSet? hint, DeviceSlot slot)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(refs, key, out var existed);
        entry.Count++;
        if (!existed)
        {
            entry.Set = hint is not null && string.Equals(hint.Key, key, StringComparison.Ordinal) && hint.Add(slot) ? hint : AddToIndex(index, key, slot);
        }
    }

    // Counts a use less; on the last one unfiles the device.
    private static void RemoveIndexedRef(Dictionary<string, (int Count, DeviceSlotSet? Set)> refs, ConcurrentDictionary<string, DeviceSlotSet> index, string key, DeviceSlot slot)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(refs, key);
        if (Unsafe.IsNullRef(ref entry) || --entry.Count > 0)
        {
            return;
        }

        var set = entry.Set;
        refs.Remove(key);
        if (set is not null && set.Remove(slot, retireWhenEmpty: true))
        {
            index.TryRemove(new KeyValuePair<string, DeviceSlotSet>(set.Key ?? key, set));
        }
    }

    private static void AddRef(Dictionary<string, int> refs, string key) =>
        CollectionsMarshal.GetValueRefOrAddDefault(refs, key, out _)++;

    private static void RemoveRef(Dictionary<string, int> refs, string key)
    {
        ref var count = ref CollectionsMarshal.GetValueRefOrNullRef(refs, key);
        if (!Unsafe.IsNullRef(ref count) && --count == 0)
        {
            refs.Remove(key);
        }
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
