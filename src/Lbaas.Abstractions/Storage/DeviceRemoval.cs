namespace Lbaas.Storage;

/// <summary>What <see cref="IDeviceStore.RemoveDeviceAsync"/> did.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="HostedLoadBalancers">How many claims the device holds when removal was refused; 0 otherwise.</param>
public readonly record struct DeviceRemoval(DeviceRemovalStatus Status, int HostedLoadBalancers);
