using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// One device in the <see cref="DeviceCache"/>: its current immutable <see cref="DeviceSnapshot"/>, published
/// atomically for lock-free readers, and the mutable bookkeeping behind it (claims, reference counts per network,
/// project and VIP address), which only the holder of <see cref="Gate"/> touches.
/// </summary>
internal sealed class DeviceSlot
{
    private DeviceSnapshot? _current;

    public DeviceSlot(string id, string provider)
    {
        Id = id;
        Provider = provider;
        Stripe = (int)((uint)id.GetHashCode() % ProviderDeviceIndex.Stripes);
    }

    /// <summary>The device id.</summary>
    public string Id { get; }

    /// <summary>The provider (never changes for a device).</summary>
    public string Provider { get; }

    /// <summary>The stripe of its provider's load buckets the device is filed in (fixed).</summary>
    public int Stripe { get; }

    /// <summary>Serialises every change of this device: claims, releases, updates, removal.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The current snapshot, or null once the device is removed.</summary>
    public DeviceSnapshot? Current => Volatile.Read(ref _current);

    /// <summary>The claims by load balancer id (under <see cref="Gate"/>).</summary>
    public Dictionary<string, LoadBalancerClaim> Claims { get; } = new(StringComparer.Ordinal);

    /// <summary>How many claims use each network, and the index set the device is filed under for it (under <see cref="Gate"/>).</summary>
    public Dictionary<string, (int Count, DeviceSlotSet? Set)> NetworkRefs { get; } = new(StringComparer.Ordinal);

    /// <summary>How many claims each project holds, and the index set for it (under <see cref="Gate"/>).</summary>
    public Dictionary<string, (int Count, DeviceSlotSet? Set)> TenantRefs { get; } = new(StringComparer.Ordinal);

    /// <summary>How many claims use each VIP address (under <see cref="Gate"/>).</summary>
    public Dictionary<string, int> VipRefs { get; } = new(StringComparer.Ordinal);

    /// <summary>The load bucket the device is filed under in its provider's index, or -1 (under <see cref="Gate"/>).</summary>
    public int Bucket { get; set; } = -1;

    /// <summary>The device's position in its load bucket, or -1 (under the bucket's lock).</summary>
    public int BucketPosition { get; set; } = -1;

    /// <summary>The project the device is filed under as private, or null (under <see cref="Gate"/>).</summary>
    public string? PrivateTenant { get; set; }

    /// <summary>The device of the current snapshot (read without the lock only as a prefetch hint; may lag).</summary>
    public Device? Device { get; private set; }

    /// <summary>The published network set (immutable; replaced on change, under <see cref="Gate"/>).</summary>
    public CompactStringSet Wired { get; private set; } = CompactStringSet.Empty;

    /// <summary>The published project set.</summary>
    public CompactStringSet Tenants { get; private set; } = CompactStringSet.Empty;

    /// <summary>The published VIP address set.</summary>
    public CompactStringSet Vips { get; private set; } = CompactStringSet.Empty;


    /// <summary>Publishes a new snapshot of <paramref name="device"/> over the current sets (under <see cref="Gate"/>).</summary>
    public DeviceSnapshot Publish(Device device) => Publish(device, device.RevisionNumber);

    /// <summary>
    /// Publishes a new snapshot at <paramref name="revision"/> of <paramref name="record"/>, whose own revision may be
    /// older (a claim or release: the record is shared, not copied; under <see cref="Gate"/>).
    /// </summary>
    public DeviceSnapshot Publish(Device record, long revision)
    {
        var snapshot = DeviceSnapshot.Wrap(record, revision, Claims.Count, Wired, Tenants, Vips);
        Device = record;
        Volatile.Write(ref _current, snapshot);
        return snapshot;
    }

    /// <summary>
    /// Reads, from this object, the current device and sets the snapshot points to (not the snapshot itself), so a
    /// batch of devices issues those cache misses side by side instead of one level after another.
    /// </summary>
    /// <returns>A value that depends on the reads, so they are not optimised away.</returns>
    public int Touch()
    {
        // Both ends of the device record: the references (provider, capacity, owner) and the flags (state, health).
        var sink = Wired.Touch() ^ Tenants.Touch();
        if (Device is { } device)
        {
            sink ^= (device.Draining ? 1 : 0) ^ (device.Provider is null ? 2 : 0);
        }

        return sink;
    }

    /// <summary>Marks the device removed: readers see no snapshot any more (under <see cref="Gate"/>).</summary>
    public void Unpublish() => Volatile.Write(ref _current, null);

    /// <summary>Replaces the network set with one that has the added and lacks the removed networks (under <see cref="Gate"/>).</summary>
    public void ChangeNetworks(string? added1, string? added2, string? removed1, string? removed2) =>
        Wired = Wired.With(added1, added2, removed1, removed2);

    /// <summary>Replaces the project set (under <see cref="Gate"/>).</summary>
    public void ChangeTenants(string? added, string? removed) => Tenants = Tenants.With(added, null, removed, null);

    /// <summary>Replaces the VIP address set (under <see cref="Gate"/>).</summary>
    public void ChangeVips(string? added, string? removed) => Vips = Vips.With(added, null, removed, null);
}
