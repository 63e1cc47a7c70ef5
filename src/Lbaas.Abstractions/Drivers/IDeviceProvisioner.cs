namespace Lbaas;

/// <summary>Spawns a virtual device (e.g. a VM-based balancer) when no existing device can take a load balancer.</summary>
public interface IDeviceProvisioner
{
    /// <summary>The provider whose devices this provisioner creates.</summary>
    string Provider { get; }

    /// <summary>Creates a device able to take <paramref name="request"/>; the scheduler registers it and places again.</summary>
    /// <param name="request">What the load balancer needs.</param>
    /// <param name="cancellationToken">Cancels the spawn.</param>
    /// <returns>The new device, or null when none can be made (quota, capacity).</returns>
    ValueTask<Device?> ProvisionAsync(PlacementRequest request, CancellationToken cancellationToken);
}
