using System.Collections.Frozen;
using Lbaas.Storage;

namespace Lbaas;

/// <summary>
/// An immutable view of one device and its load at one revision: what placement policies decide on. The scheduler
/// builds a new snapshot on every change of the device, so policies never see a half-made one.
/// </summary>
public sealed class DeviceSnapshot : IDeviceLoad
{
    private Device? _device;

    /// <summary>Creates a snapshot.</summary>
    /// <param name="device">The device.</param>
    /// <param name="loadBalancerCount">Load balancers (VIPs) placed on it.</param>
    /// <param name="wiredNetworkIds">Networks it is wired into.</param>
    /// <param name="tenantIds">Projects with a load balancer on it.</param>
    /// <param name="vipAddresses">VIP addresses it hosts (for the overlapping-IP check).</param>
    public DeviceSnapshot(Device device, int loadBalancerCount, IEnumerable<string> wiredNetworkIds, IEnumerable<string> tenantIds, IEnumerable<string> vipAddresses)
    {
        ArgumentNullException.ThrowIfNull(device);
        Record = device;
        Revision = device.RevisionNumber;
        _device = device;
        LoadBalancerCount = loadBalancerCount;
        WiredNetworkIds = wiredNetworkIds.ToFrozenSet(StringComparer.Ordinal);
        TenantIds = tenantIds.ToFrozenSet(StringComparer.Ordinal);
        VipAddresses = vipAddresses.ToFrozenSet(StringComparer.Ordinal);
    }

    private DeviceSnapshot(Device device, long revision, int loadBalancerCount, IReadOnlySet<string> wiredNetworkIds, IReadOnlySet<string> tenantIds, IReadOnlySet<string> vipAddresses)
    {
        Record = device;
        Revision = revision;
        _device = device.RevisionNumber == revision ? device : null;
        LoadBalancerCount = loadBalancerCount;
        WiredNetworkIds = wiredNetworkIds;
        TenantIds = tenantIds;
        VipAddresses = vipAddresses;
    }

    /// <summary>
    /// Creates a snapshot over sets the caller hands over and never changes again, without copying them. For a
    /// scheduler that builds a new snapshot on every capacity claim: the public constructor freezes its sets, which
    /// costs tens of microseconds for a few dozen ids; this costs nothing. The sets should be read-only wrappers (or
    /// immutable), so a policy cannot change them either.
    /// </summary>
    /// <param name="device">The device.</param>
    /// <param name="loadBalancerCount">Load balancers (VIPs) placed on it.</param>
    /// <param name="wiredNetworkIds">Networks it is wired into (ordinal comparison).</param>
    /// <param name="tenantIds">Projects with a load balancer on it (ordinal comparison).</param>
    /// <param name="vipAddresses">VIP addresses it hosts (ordinal comparison).</param>
    /// <returns>The snapshot, sharing the given sets.</returns>
    public static DeviceSnapshot Wrap(Device device, int loadBalancerCount, IReadOnlySet<string> wiredNetworkIds, IReadOnlySet<string> tenantIds, IReadOnlySet<string> vipAddresses)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(wiredNetworkIds);
        ArgumentNullException.ThrowIfNull(tenantIds);
        ArgumentNullException.ThrowIfNull(vipAddresses);
        return new(device, device.RevisionNumber, loadBalancerCount, wiredNetworkIds, tenantIds, vipAddresses);
    }

    /// <summary>
    /// Like <see cref="Wrap(Lbaas.Device, int, IReadOnlySet{string}, IReadOnlySet{string}, IReadOnlySet{string})"/>, at
    /// <paramref name="revision"/>, which may be later than <paramref name="record"/>'s own (a claim or release bumps
    /// the device's revision without changing its row): the record is not copied to stamp the revision into it until
    /// somebody reads <see cref="Device"/>.
    /// </summary>
    internal static DeviceSnapshot Wrap(Device record, long revision, int loadBalancerCount, IReadOnlySet<string> wiredNetworkIds, IReadOnlySet<string> tenantIds, IReadOnlySet<string> vipAddresses) =>
        new(record, revision, loadBalancerCount, wiredNetworkIds, tenantIds, vipAddresses);

    /// <summary>An empty device.</summary>
    /// <param name="device">The device.</param>
    /// <returns>A snapshot with no load.</returns>
    public static DeviceSnapshot Empty(Device device) => new(device, 0, [], [], []);

    /// <summary>The device, at the snapshot's revision.</summary>
    public Device Device => Volatile.Read(ref _device) ?? Stamp();

    /// <summary>
    /// The device's fields as last changed; its <see cref="Lbaas.Device.RevisionNumber"/> may lag <see cref="Revision"/>.
    /// What the built-in policies read, so judging a device never copies its record.
    /// </summary>
    internal Device Record { get; }

    /// <summary>The device's revision in the state store (claims and releases included).</summary>
    internal long Revision { get; }

    /// <summary>Load balancers placed on it.</summary>
    public int LoadBalancerCount { get; }

    /// <summary>Networks it is wired into.</summary>
    public IReadOnlySet<string> WiredNetworkIds { get; }

    /// <summary>Projects with a load balancer on it.</summary>
    public IReadOnlySet<string> TenantIds { get; }

    /// <summary>VIP addresses it hosts.</summary>
    public IReadOnlySet<string> VipAddresses { get; }

    /// <summary>Free VIP slots.</summary>
    public int FreeVips => Record.Capacity.MaxVips - LoadBalancerCount;

    /// <summary>Fraction of VIP capacity in use, 0..1.</summary>
    public double Utilisation => Record.Capacity.MaxVips <= 0 ? 1 : Math.Clamp((double)LoadBalancerCount / Record.Capacity.MaxVips, 0, 1);

    /// <summary>
    /// How many of two networks (a load balancer's VIP and member networks) the device would have to be newly wired
    /// into; the same as the <c>params</c> overload without allocating.
    /// </summary>
    /// <param name="first">A network, or null.</param>
    /// <param name="second">Another network, or null.</param>
    /// <returns>The number not yet wired (a repeated or null network counts once or not at all).</returns>
    public int NewNetworksFor(string? first, string? second) => ClaimAdmission.NewNetworks(this, first, second);

    int IDeviceLoad.ClaimCount => LoadBalancerCount;

    int IDeviceLoad.NetworkCount => WiredNetworkIds.Count;

    bool IDeviceLoad.IsWiredTo(string networkId) => WiredNetworkIds.Contains(networkId);

    /// <summary>How many of <paramref name="networkIds"/> the device would have to be newly wired into.</summary>
    /// <param name="networkIds">The networks a load balancer needs.</param>
    /// <returns>The number not yet wired (duplicates and nulls ignored).</returns>
    public int NewNetworksFor(params string?[] networkIds)
    {
        ArgumentNullException.ThrowIfNull(networkIds);
        var count = 0;
        for (var i = 0; i < networkIds.Length; i++)
        {
            var id = networkIds[i];
            if (id is not null && !WiredNetworkIds.Contains(id) && Array.IndexOf(networkIds, id) == i)
            {
                count++;
            }
        }

        return count;
    }

    // The record with the snapshot's revision stamped in, made once on first read (a race makes equal copies).
    private Device Stamp()
    {
        var stamped = Record with { RevisionNumber = Revision };
        return Interlocked.CompareExchange(ref _device, stamped, null) ?? stamped;
    }
}
