namespace Lbaas;

/// <summary>Whether a device is a fixed appliance or a spawnable virtual one.</summary>
public enum DeviceKind
{
    /// <summary>A physical appliance: a fixed count, limited capacity.</summary>
    Physical,

    /// <summary>A virtual appliance: spawned on demand by an <see cref="IDeviceProvisioner"/>.</summary>
    Virtual,
}
