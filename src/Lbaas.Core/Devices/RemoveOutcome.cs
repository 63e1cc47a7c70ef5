namespace Lbaas.Devices;

/// <summary>The outcome of <see cref="DeviceCache.TryRemove(string, out int)"/>.</summary>
internal enum RemoveOutcome
{
    /// <summary>The device is gone.</summary>
    Removed,

    /// <summary>No such device.</summary>
    NotFound,

    /// <summary>Refused: the device hosts load balancers.</summary>
    HostsLoadBalancers,
}
