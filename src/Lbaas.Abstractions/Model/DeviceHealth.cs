namespace Lbaas;

/// <summary>The health of a device as its agent reports it.</summary>
public enum DeviceHealth
{
    /// <summary>Working.</summary>
    Healthy,

    /// <summary>Working with problems; still placeable unless a policy says otherwise.</summary>
    Degraded,

    /// <summary>Not working; never placed on.</summary>
    Down,
}
