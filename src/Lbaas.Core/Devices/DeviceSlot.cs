using System.Collections.ObjectModel;
using Ml2.Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// One device in the <see cref="DeviceInventory"/>: its current immutable <see cref="DeviceSnapshot"/>, published
/// atomically for lock-free readers, and the mutable bookkeeping behind it (claims, reference counts per network,
/// project and VIP address), which only the holder of <see cref="Gate"/> touches.
/// </summary>
internal sealed class DeviceSlot
{
    private static readonly IReadOnlySet<string> s_empty = new ReadOnlySet<string>(new HashSet<string>(StringComparer.Ordinal));

    private DeviceSnapshot? _current;
    private HashSet<string>? _wiredInner;
    private HashSet<string>? _tenantInner;
    private HashSet<string>? _vipInner;

    public DeviceSlot(string id, string provider)
    {
        Id = id;
        Provider = provider;
    }

    /// <summary>The device id.</summary>
    public string Id { get; }

    /// <summary>The provider (never changes for a device).</summary>
    public string Provider { get; }

    /// <summary>Serialises every change of this device: claims, releases, updates, removal.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The current snapshot, or null once the device is removed.</summary>
    public DeviceSnapshot? Current => Volatile.Read(ref _current);

    /// <summary>The claims by load balancer id (under <see cref="Gate"/>).</summary>
    public Dictionary<string, LoadBalancerClaim> Claims { get; } = new(StringComparer.Ordinal);

    /// <summary>How many claims use each network (under <see cref="Gate"/>).</summary>
    public Dictionary<string, int> NetworkRefs { get; } = new(StringComparer.Ordinal);

    /// <summary>How many claims each project holds (under <see cref="Gate"/>).</summary>
    public Dictionary<string, int> TenantRefs { get; } = new(StringComparer.Ordinal);

    /// <summary>How many claims use each VIP address (under <see cref="Gate"/>).</summary>
    public Dictionary<string, int> VipRefs { get; } = new(StringComparer.Ordinal);

    /// <summary>The load bucket the device is filed under in its provider's index, or -1 (under <see cref="Gate"/>).</summary>
    public int Bucket { get; set; } = -1;

    /// <summary>The project the device is filed under as private, or null (under <see cref="Gate"/>).</summary>
    public string? PrivateTenant { get; set; }

    /// <summary>The published network set (never changed once published; replaced on change).</summary>
    public IReadOnlySet<string> WiredView { get; private set; } = s_empty;

    /// <summary>The published project set.</summary>
    public IReadOnlySet<string> TenantView { get; private set; } = s_empty;

    /// <summary>The published VIP address set.</summary>
    public IReadOnlySet<string> VipView { get; private set; } = s_empty;


    /// <summary>Publishes a new snapshot of <paramref name="device"/> over the current sets (under <see cref="Gate"/>).</summary>
    public DeviceSnapshot Publish(Device device)
    {
        var snapshot = DeviceSnapshot.Wrap(device, Claims.Count, WiredView, TenantView, VipView);
        Volatile.Write(ref _current, snapshot);
        return snapshot;
    }

    /// <summary>Marks the device removed: readers see no snapshot any more (under <see cref="Gate"/>).</summary>
    public void Unpublish() => Volatile.Write(ref _current, null);

    /// <summary>Replaces the network set with one that has the added and lacks the removed networks (copy on write).</summary>
    public void ChangeNetworks(string? added1, string? added2, string? removed1, string? removed2)
    {
        var (inner, view) = Change(_wiredInner, added1, added2, removed1, removed2);
        _wiredInner = inner;
        WiredView = view;
    }

    /// <summary>Replaces the project set (copy on write).</summary>
    public void ChangeTenants(string? added, string? removed)
    {
        var (inner, view) = Change(_tenantInner, added, null, removed, null);
        _tenantInner = inner;
        TenantView = view;
    }

    /// <summary>Replaces the VIP address set (copy on write).</summary>
    public void ChangeVips(string? added, string? removed)
    {
        var (inner, view) = Change(_vipInner, added, null, removed, null);
        _vipInner = inner;
        VipView = view;
    }

    private static (HashSet<string>? Inner, IReadOnlySet<string> View) Change(HashSet<string>? current, string? added1, string? added2, string? removed1, string? removed2)
    {
        var next = current is null ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(current, StringComparer.Ordinal);
        if (added1 is not null)
        {
            next.Add(added1);
        }

        if (added2 is not null)
        {
            next.Add(added2);
        }

        if (removed1 is not null)
        {
            next.Remove(removed1);
        }

        if (removed2 is not null)
        {
            next.Remove(removed2);
        }

        return next.Count == 0 ? (null, s_empty) : (next, new ReadOnlySet<string>(next));
    }
}
