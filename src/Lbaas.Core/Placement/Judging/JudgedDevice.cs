using Lbaas.Devices;
using Lbaas.Storage;
using Lbaas;

namespace Lbaas.Placement.Judging;

/// <summary>
/// One device as the built-in policies judge it: its <see cref="DeviceFacts"/>, whether it is on the request's VIP and
/// member networks and hosts the request's project, and the slot or snapshot it came from for what few policies read
/// beyond that (the device id and cluster when a request avoids some, its VIP addresses when the request names one).
/// </summary>
internal readonly struct JudgedDevice : IDeviceLoad
{
    private readonly DeviceSlot? _slot;
    private readonly DeviceSnapshot? _snapshot;
    private readonly string? _vipNetworkId;
    private readonly string? _memberNetworkId;

    /// <summary>A cached device, judged from the facts read from the table.</summary>
    public JudgedDevice(in DeviceFacts facts, DeviceSlot slot, in JudgedRequest request, bool onVipNetwork, bool onMemberNetwork, bool hostsTenant)
    {
        Facts = facts;
        _slot = slot;
        _vipNetworkId = request.Request.VipNetworkId;
        _memberNetworkId = request.Request.MemberNetworkId;
        OnVipNetwork = onVipNetwork;
        OnMemberNetwork = onMemberNetwork;
        HostsTenant = hostsTenant;
    }

    private JudgedDevice(in DeviceFacts facts, DeviceSnapshot snapshot, PlacementRequest request)
    {
        Facts = facts;
        _snapshot = snapshot;
        _vipNetworkId = request.VipNetworkId;
        _memberNetworkId = request.MemberNetworkId;
        OnVipNetwork = snapshot.WiredNetworkIds.Contains(request.VipNetworkId);
        OnMemberNetwork = request.MemberNetworkId is { } member && snapshot.WiredNetworkIds.Contains(member);
        HostsTenant = snapshot.TenantIds.Contains(request.TenantId);
    }

    /// <summary>The device's facts as judged.</summary>
    public DeviceFacts Facts { get; }

    /// <summary>Whether the device's claims use the request's VIP network.</summary>
    public bool OnVipNetwork { get; }

    /// <summary>Whether the device's claims use the request's member network.</summary>
    public bool OnMemberNetwork { get; }

    /// <summary>Whether the device hosts a load balancer of the request's project.</summary>
    public bool HostsTenant { get; }

    /// <summary>The device id (reads the slot or snapshot).</summary>
    public string Id => _slot?.Id ?? _snapshot!.Record.Id;

    /// <summary>The device record (reads the slot or snapshot).</summary>
    public Device Record => _slot?.Record ?? _snapshot!.Record;

    /// <summary>The slot judged, or null for a snapshot.</summary>
    public DeviceSlot? Slot => _slot;

    /// <summary>
    /// The device's snapshot: the one judged, or the slot's current one (null when removed meanwhile, or when the facts
    /// judged were another device's: see <see cref="Stale"/>).
    /// </summary>
    public DeviceSnapshot? Snapshot => _snapshot ?? (Stale ? null : _slot!.Current);

    /// <summary>
    /// Whether the facts were read under a device number that was then given to another device (the slot's epoch
    /// moved on): the facts are not the slot's device's. Reads the slot.
    /// </summary>
    public bool Stale => _slot is not null && _slot.Epoch != Facts.Epoch;

    int IDeviceLoad.ClaimCount => Facts.LoadBalancers;

    int IDeviceLoad.NetworkCount => Facts.Networks;

    /// <summary>Whether the device hosts a VIP address (reads the slot under its lock, or the snapshot).</summary>
    public bool HostsVipAddress(string address) => _slot?.HostsVipAddress(address) ?? _snapshot!.VipAddresses.Contains(address);

    /// <summary>A snapshot as judged against <see cref="JudgedRequest.Relative"/> of <paramref name="request"/>.</summary>
    public static JudgedDevice Of(DeviceSnapshot snapshot, PlacementRequest request)
    {
        var record = snapshot.Record;
        var facts = new DeviceFacts { Revision = snapshot.Revision, LoadBalancers = snapshot.LoadBalancerCount, Networks = snapshot.WiredNetworkIds.Count };
        facts.SetRecord(
            record,
            string.Equals(record.Provider, request.Provider, StringComparison.OrdinalIgnoreCase) ? 1 : 2,
            record.TenantId is not { } owner ? 0 : string.Equals(owner, request.TenantId, StringComparison.Ordinal) ? 1 : 2);
        return new JudgedDevice(facts, snapshot, request);
    }

    bool IDeviceLoad.IsWiredTo(string networkId) =>
        (OnVipNetwork && string.Equals(networkId, _vipNetworkId, StringComparison.Ordinal))
        || (OnMemberNetwork && string.Equals(networkId, _memberNetworkId, StringComparison.Ordinal));
}
