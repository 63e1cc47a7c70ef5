namespace Lbaas.Storage;

/// <summary>The outcome of <see cref="IDeviceStore.RemoveDeviceAsync"/>.</summary>
public enum DeviceRemovalStatus
{
    /// <summary>The device and its row are gone.</summary>
    Removed,

    /// <summary>There was no such device.</summary>
    NotFound,

    /// <summary>The device holds claims; nothing was removed.</summary>
    HostsLoadBalancers,
}
