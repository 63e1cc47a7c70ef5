using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// What the built-in placement policies read of one device, in one cache line: the fields of its record they need
/// (flags, capacity, provider and owner as small numbers) and its load. The <see cref="DeviceCache"/> keeps one per
/// device in a dense table (<see cref="DeviceFactsTable"/>), so judging a device is one read from memory instead of a
/// walk over its record, snapshot and sets.
/// </summary>
internal struct DeviceFacts
{
    /// <summary>Odd while a writer changes the facts (see <see cref="DeviceFactsTable"/>).</summary>
    public int Sequence;

    /// <summary>Which device holds the table entry: bumped each time the entry is given to another device.</summary>
    public int Epoch;

    /// <summary>The device's revision in the state store (claims and releases included).</summary>
    public long Revision;

    /// <summary>The provider's number (<see cref="DeviceIndexes.ProviderNumber"/>); 0 when the entry holds no device.</summary>
    public int Provider;

    /// <summary>The owner project's number for a private device (<see cref="DeviceIndexes.OwnerNumber"/>), else 0.</summary>
    public int Owner;

    /// <summary>The load balancers (VIPs) placed on the device.</summary>
    public int LoadBalancers;

    /// <summary>The networks the device's claims use.</summary>
    public int Networks;

    /// <summary>The device's VIP capacity.</summary>
    public int MaxVips;

    /// <summary>The device's network capacity.</summary>
    public int MaxNetworks;

    /// <summary>The record's flags.</summary>
    public DeviceFactFlags Flags;

    /// <summary>The device's kind.</summary>
    public DeviceKind Kind;

    /// <summary>Whether the entry holds a device.</summary>
    public readonly bool Exists => Provider != 0;

    /// <summary>Fraction of VIP capacity in use, 0..1 (as <see cref="DeviceSnapshot.Utilisation"/>).</summary>
    public readonly double Utilisation => MaxVips <= 0 ? 1 : Math.Clamp((double)LoadBalancers / MaxVips, 0, 1);

    /// <summary>Whether a flag is set.</summary>
    public readonly bool Has(DeviceFactFlags flag) => (Flags & flag) != 0;

    /// <summary>Sets the record's part of the facts (provider, owner, capacity, flags).</summary>
    /// <param name="device">The device record.</param>
    /// <param name="provider">The provider's number (1 or more).</param>
    /// <param name="owner">The owner's number, or 0 for a shared device.</param>
    public void SetRecord(Device device, int provider, int owner)
    {
        Provider = provider;
        Owner = owner;
        MaxVips = device.Capacity.MaxVips;
        MaxNetworks = device.Capacity.MaxNetworks;
        Flags = FlagsOf(device);
        Kind = device.Kind;
    }

    // The flags of a device record.
    private static DeviceFactFlags FlagsOf(Device device) =>
        (device.AdminStateUp ? DeviceFactFlags.AdminStateUp : 0)
        | (device.Draining ? DeviceFactFlags.Draining : 0)
        | (device.Health == DeviceHealth.Down ? DeviceFactFlags.Down : 0)
        | (device.SupportsOverlappingIps ? DeviceFactFlags.SupportsOverlappingIps : 0)
        | (device.ClusterId is not null ? DeviceFactFlags.Clustered : 0);
}

/// <summary>The flags of a device record that the built-in policies read.</summary>
[Flags]
internal enum DeviceFactFlags : byte
{
    /// <summary>Administratively up.</summary>
    AdminStateUp = 1,

    /// <summary>Draining.</summary>
    Draining = 2,

    /// <summary>Health is down.</summary>
    Down = 4,

    /// <summary>Hosts overlapping VIP addresses.</summary>
    SupportsOverlappingIps = 8,

    /// <summary>Member of a cluster.</summary>
    Clustered = 16,
}
