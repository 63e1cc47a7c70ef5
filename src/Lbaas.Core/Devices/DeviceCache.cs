using System.Collections.Concurrent;
using Lbaas.Storage;
using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// The devices and their load, in memory, as the state store last reported them: per device a <see cref="DeviceSlot"/>
/// changed under a small per-device lock, the dense <see cref="DeviceFactsTable"/> placement judges from, and the
/// <see cref="DeviceIndexes"/> placement searches instead of scanning every device.
/// </summary>
/// <remarks>
/// <para>
/// The cache decides nothing: whether a claim fits a device is the store's call (<see cref="ClaimAdmission"/>, applied
/// under the store's lock). The cache applies the store's outcomes as deltas - a claim, a release, a changed row -
/// each only when the cached device is at the revision the store moved from (n - 1); otherwise it answers false and the
/// caller reloads the device (<see cref="DeviceCacheSync.RefreshAsync"/>).
/// </para>
/// <para>
/// Every change writes the device's facts at the store's revision; a claim or release writes its load only and builds
/// nothing (the <see cref="DeviceSnapshot"/> is made when somebody reads it). A device's networks are those its
/// claims need: wired, or about to be wired by the claim's owner (who releases the claim when wiring fails).
/// </para>
/// </remarks>
internal sealed partial class DeviceCache
{
    private readonly ConcurrentDictionary<string, DeviceSlot> _slots = new(StringComparer.Ordinal);
    private int _count;
    private long _version;
    private Tuple<long, DeviceSlot[], int[]>? _ordered;

    /// <summary>Creates an empty cache.</summary>
    public DeviceCache() => Indexes = new DeviceIndexes(Facts.SlotOf);

    /// <summary>The indexes over the cached devices.</summary>
    public DeviceIndexes Indexes { get; }

    /// <summary>What placement judges of each device, by device number.</summary>
    public DeviceFactsTable Facts { get; } = new();

    /// <summary>How many devices there are.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Reads a device and its load.</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>The current snapshot, or null.</returns>
    public DeviceSnapshot? Find(string deviceId) =>
        deviceId is not null && _slots.TryGetValue(deviceId, out var slot) ? slot.Current : null;

    /// <summary>The slot of a device, or null.</summary>
    public DeviceSlot? FindSlot(string deviceId) =>
        deviceId is not null && _slots.TryGetValue(deviceId, out var slot) && !slot.Removed ? slot : null;

    /// <summary>Adds a device (already validated) at revision 1.</summary>
    /// <param name="device">The device.</param>
    /// <returns>Its snapshot, or null when a device with that id exists.</returns>
    public DeviceSnapshot? TryAdd(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var slot = new DeviceSlot(device with { RevisionNumber = 1 }, 1, Indexes.ProviderNumber(device.Provider));
        lock (slot.Gate)
        {
            if (!_slots.TryAdd(device.Id, slot))
            {
                return null;
            }

            Added(slot);
            PublishAll(slot);
            Indexes.Refile(slot);
            return slot.Current;
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

            var revision = slot.Revision + 1;
            slot.Change(changed with { RevisionNumber = revision }, revision);
            PublishAll(slot);
            Indexes.Refile(slot);
            return slot.Current;
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
            if (slot.Removed)
            {
                return RemoveOutcome.NotFound;
            }

            hosted = slot.Claims.Count;
            if (hosted > 0)
            {
                return RemoveOutcome.HostsLoadBalancers;
            }

            Drop(slot);
            return RemoveOutcome.Removed;
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
        var device = state.Device;
        while (true)
        {
            if (FindSlot(device.Id) is { } existing)
            {
                lock (existing.Gate)
                {
                    if (existing.Removed)
                    {
                        continue;
                    }

                    if (existing.Revision < device.RevisionNumber)
                    {
                        Indexes.ReconcileClaims(existing, state.Claims);
                        existing.Change(device, device.RevisionNumber);
                        PublishAll(existing);
                        Indexes.Refile(existing);
                    }

                    return existing.Current!;
                }
            }

            // A new slot is at revision 0 (which no store revision matches, so no delta applies to it through a stale
            // revision) until its claims are in, then at the store's revision.
            var slot = new DeviceSlot(device, 0, Indexes.ProviderNumber(device.Provider));
            lock (slot.Gate)
            {
                if (!_slots.TryAdd(device.Id, slot))
                {
                    continue;
                }

                Added(slot);
                foreach (var claim in state.Claims)
                {
                    Indexes.AddClaim(slot, claim, default);
                }

                slot.Change(device, device.RevisionNumber);
                PublishAll(slot);
                Indexes.Refile(slot);
                return slot.Current!;
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
            if (slot.Removed)
            {
                return false;
            }

            foreach (var loadBalancerId in slot.Claims.Keys.ToArray())
            {
                Indexes.RemoveClaim(slot, loadBalancerId);
            }

            Drop(slot);
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
            if (slot.Removed)
            {
                return null;
            }

            var claims = slot.Claims.Values.ToArray();
            Array.Sort(claims, static (a, b) => string.CompareOrdinal(a.LoadBalancerId, b.LoadBalancerId));
            return claims;
        }
    }

    /// <summary>Every device, ordered by id (cached between changes of the device set).</summary>
    /// <returns>The slots; a slot removed meanwhile is marked <see cref="DeviceSlot.Removed"/>.</returns>
    public DeviceSlot[] OrderedSlots() => Ordered().Item2;

    /// <summary>The numbers of every device, ordered by device id (cached between changes of the device set).</summary>
    /// <returns>The numbers; a device removed meanwhile has no facts under its number.</returns>
    public int[] OrderedNumbers() => Ordered().Item3;

    private Tuple<long, DeviceSlot[], int[]> Ordered()
    {
        var version = Volatile.Read(ref _version);
        var cached = Volatile.Read(ref _ordered);
        if (cached is not null && cached.Item1 == version)
        {
            return cached;
        }

        var slots = _slots.Values.Where(s => s.Number >= 0 && !s.Removed).ToArray();
        Array.Sort(slots, static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        var ordered = Tuple.Create(version, slots, slots.Select(s => s.Number).ToArray());
        Volatile.Write(ref _ordered, ordered);
        return ordered;
    }

    // Gives a new device its number and counts it (under its lock).
    private void Added(DeviceSlot slot)
    {
        Facts.Assign(slot);
        Interlocked.Increment(ref _count);
        Interlocked.Increment(ref _version);
    }

    // Writes every fact of a device (under its lock).
    private void PublishAll(DeviceSlot slot)
    {
        slot.OwnerNumber = Indexes.OwnerNumber(slot.Record.TenantId);
        Facts.WriteAll(slot.Number, slot.Record, slot.ProviderNumber, slot.OwnerNumber, slot.Revision, slot.Claims.Count, slot.NetworkRefs.Count);
    }

    // Writes a device's load and revision (under its lock).
    private void PublishLoad(DeviceSlot slot) => Facts.WriteLoad(slot.Number, slot.Revision, slot.Claims.Count, slot.NetworkRefs.Count);

    // Unfiles a device, frees its number and drops it (under its lock).
    private void Drop(DeviceSlot slot)
    {
        slot.Remove();
        _slots.TryRemove(new KeyValuePair<string, DeviceSlot>(slot.Id, slot));
        Indexes.Refile(slot);
        Facts.Release(slot);
        Interlocked.Decrement(ref _count);
        Interlocked.Increment(ref _version);
    }
}
