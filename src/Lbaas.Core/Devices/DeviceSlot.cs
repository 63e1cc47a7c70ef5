using System.Collections.ObjectModel;
using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// One device in the <see cref="DeviceCache"/>: its record, revision and claims with the bookkeeping behind them
/// (reference counts per network, project and VIP address), which only the holder of <see cref="Gate"/> changes. What
/// placement judges lives in the cache's <see cref="DeviceFactsTable"/> under <see cref="Number"/>; the
/// <see cref="DeviceSnapshot"/> (for custom policies, drivers and readers of the registry) is built when first read
/// after a change and kept until the next.
/// </summary>
internal sealed class DeviceSlot
{
    private static readonly ReadOnlySet<string> s_empty = new(new HashSet<string>(StringComparer.Ordinal));

    private DeviceSnapshot? _snapshot;
    private long _revision;
    private volatile bool _removed;

    public DeviceSlot(Device record, long revision, int providerNumber)
    {
        Id = record.Id;
        Provider = record.Provider;
        ProviderNumber = providerNumber;
        Record = record;
        _revision = revision;
        Stripe = (int)((uint)Id.GetHashCode() % ProviderDeviceIndex.Stripes);
    }

    /// <summary>The device id.</summary>
    public string Id { get; }

    /// <summary>The provider (never changes for a device).</summary>
    public string Provider { get; }

    /// <summary>The provider's number in the facts.</summary>
    public int ProviderNumber { get; }

    /// <summary>The device's number in the cache's facts table (set once, when the cache adds the device).</summary>
    public int Number { get; set; } = -1;

    /// <summary>The epoch of its facts entry (see <see cref="DeviceFactsTable"/>).</summary>
    public int Epoch { get; set; }

    /// <summary>The stripe of its provider's load buckets the device is filed in (fixed).</summary>
    public int Stripe { get; }

    /// <summary>Serialises every change of this device: claims, releases, updates, removal.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The device record as last changed; its <see cref="Device.RevisionNumber"/> may lag <see cref="Revision"/>.</summary>
    public Device Record { get; private set; }

    /// <summary>The device's revision in the state store (claims and releases included).</summary>
    public long Revision => Volatile.Read(ref _revision);

    /// <summary>The owner's number in the facts (0: shared; under <see cref="Gate"/>).</summary>
    public int OwnerNumber { get; set; }

    /// <summary>Whether the device was removed from the cache.</summary>
    public bool Removed => _removed;

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

    /// <summary>
    /// The device and its load at the current revision, or null once removed: built on the first read after a change
    /// (under <see cref="Gate"/>) and shared by every reader until the next.
    /// </summary>
    public DeviceSnapshot? Current
    {
        get
        {
            var snapshot = Volatile.Read(ref _snapshot);
            if (snapshot is not null && snapshot.Revision == Revision && !_removed)
            {
                return snapshot;
            }

            lock (Gate)
            {
                if (_removed)
                {
                    return null;
                }

                snapshot = _snapshot;
                if (snapshot is null || snapshot.Revision != _revision)
                {
                    snapshot = DeviceSnapshot.Wrap(Record, _revision, Claims.Count, SetOf(NetworkRefs.Keys), SetOf(TenantRefs.Keys), SetOf(VipRefs.Keys));
                    Volatile.Write(ref _snapshot, snapshot);
                }

                return snapshot;
            }
        }
    }

    /// <summary>Changes the record and revision (under <see cref="Gate"/>); the caller publishes the facts.</summary>
    public void Change(Device record, long revision)
    {
        Record = record;
        Volatile.Write(ref _revision, revision);
    }

    /// <summary>Moves the revision (a claim or release; under <see cref="Gate"/>); the caller publishes the facts.</summary>
    public void Change(long revision) => Volatile.Write(ref _revision, revision);

    /// <summary>Whether the device hosts a VIP address (takes <see cref="Gate"/>).</summary>
    public bool HostsVipAddress(string address)
    {
        lock (Gate)
        {
            return VipRefs.ContainsKey(address);
        }
    }

    /// <summary>Marks the device removed: readers see no snapshot any more (under <see cref="Gate"/>).</summary>
    public void Remove() => _removed = true;

    private static ReadOnlySet<string> SetOf<TValue>(Dictionary<string, TValue>.KeyCollection keys) =>
        keys.Count == 0 ? s_empty : new ReadOnlySet<string>(new HashSet<string>(keys, StringComparer.Ordinal));
}
