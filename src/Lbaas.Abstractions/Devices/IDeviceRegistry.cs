using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// The operator's device registry: on-board, update, drain, disable and remove load-balancing devices, and read
/// their load. Every change is written to the LBaaS device store (<see cref="Lbaas.Storage.IDeviceStore"/>) first
/// and bumps the device's revision; capacity claims compare-and-set on it. Reads come from this instance's in-memory
/// cache; <see cref="ReloadAsync"/> refreshes it with what other controller instances changed.
/// </summary>
public interface IDeviceRegistry
{
    /// <summary>Registers a device (validated: id, provider known, host, capacity positive).</summary>
    /// <param name="device">The device; its revision is set by the registry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The registered device.</returns>
    ValueTask<Device> OnboardAsync(Device device, CancellationToken cancellationToken = default);

    /// <summary>
    /// On-boards a device, or, when one with its id is on-boarded already, updates it to match: its name, management
    /// address, credentials (kept when <paramref name="device"/> has none) and capacity. Its claims (the load balancers
    /// it hosts), agent, administrative state, draining and health are kept. Hosts that on-board their devices at every
    /// start call this instead of <see cref="OnboardAsync"/>, which refuses a device that exists.
    /// </summary>
    /// <param name="device">The device as it should be; validated as <see cref="OnboardAsync"/> validates it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The device after the call.</returns>
    /// <exception cref="Ml2.Exceptions.InvalidInputException">
    /// A field is invalid (the same errors as <see cref="OnboardAsync"/>), the new capacity is below the device's load,
    /// or a field that cannot change on an on-boarded device differs (provider, kind, host_id, cluster_id, tenant_id,
    /// supports_overlapping_ips): nothing is changed.
    /// </exception>
    async ValueTask<Device> OnboardOrUpdateAsync(Device device, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (Find(device.Id) is null)
        {
            return await OnboardAsync(device, cancellationToken).ConfigureAwait(false);
        }

        var update = new DeviceUpdate { Name = device.Name, ManagementAddress = device.ManagementAddress, Credentials = device.Credentials, Capacity = device.Capacity };
        return await UpdateAsync(device.Id, update, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes a device.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="update">The changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The device after the change.</returns>
    ValueTask<Device> UpdateAsync(string deviceId, DeviceUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Starts draining: the device keeps what it hosts and receives nothing new.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The device after the change.</returns>
    ValueTask<Device> DrainAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a device; refused (<see cref="Ml2.Exceptions.ConflictException"/>) while it hosts load balancers, as
    /// Octavia and neutron-lbaas refuse to remove a busy device. Drain it first: a draining device receives nothing new,
    /// so it empties as its load balancers are deleted or moved, and can then be removed.
    /// </summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the device is gone.</returns>
    ValueTask RemoveAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>Reads a device.</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>The device, or null.</returns>
    Device? Find(string deviceId);

    /// <summary>Reads a device and its load.</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>The snapshot, or null.</returns>
    DeviceSnapshot? FindSnapshot(string deviceId);

    /// <summary>Lists every device.</summary>
    /// <returns>The devices, ordered by id.</returns>
    IReadOnlyList<Device> List();

    /// <summary>The load balancers placed on a device.</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>Their claims.</returns>
    IReadOnlyList<LoadBalancerClaim> ClaimsOf(string deviceId);

    /// <summary>Records the VIP address a placed load balancer got when it was wired, so placement sees it.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="loadBalancerId">The load balancer.</param>
    /// <param name="vipAddress">Its VIP address.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>False when the device or the claim is gone.</returns>
    ValueTask<bool> RecordVipAddressAsync(string deviceId, string loadBalancerId, string vipAddress, CancellationToken cancellationToken = default);

    /// <summary>Hands a device to an agent (on start, or when its agent dies).</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="agentId">The new owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The device after the change.</returns>
    ValueTask<Device> AssignAgentAsync(string deviceId, string? agentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reloads every device and its claims from the state store into this instance's cache: devices other controller
    /// instances on-boarded appear, removed ones disappear, changed ones take the store's revision.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many devices there are.</returns>
    ValueTask<int> ReloadAsync(CancellationToken cancellationToken = default);
}
