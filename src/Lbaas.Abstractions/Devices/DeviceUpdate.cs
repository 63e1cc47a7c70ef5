using Lbaas;

namespace Lbaas.Devices;

/// <summary>Changes to a device; null means unchanged.</summary>
public sealed record DeviceUpdate
{
    /// <summary>A new name.</summary>
    public string? Name { get; init; }

    /// <summary>A new management address.</summary>
    public string? ManagementAddress { get; init; }

    /// <summary>New credentials.</summary>
    public DeviceCredentials? Credentials { get; init; }

    /// <summary>A new capacity; lowering it below the current load is refused.</summary>
    public DeviceCapacity? Capacity { get; init; }

    /// <summary>A new administrative state.</summary>
    public bool? AdminStateUp { get; init; }

    /// <summary>A new health.</summary>
    public DeviceHealth? Health { get; init; }

    /// <summary>Starts (true) or stops (false) draining; <see cref="IDeviceRegistry.DrainAsync"/> is the same as true.</summary>
    public bool? Draining { get; init; }
}
