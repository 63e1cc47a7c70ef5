using Lbaas.Storage;
using Microsoft.Extensions.Logging;
using Ml2.Exceptions;
using Lbaas;
using Ml2.Resilience;

namespace Lbaas.Devices;

/// <summary>
/// The operator's device registry. Every change is validated (a typed error naming the field and value), written to
/// the <see cref="IDeviceStore"/> first (compare-and-set on the device revision; a lost race reloads the device and
/// recomputes the change) and then applied to the in-memory <see cref="DeviceInventory"/> cache that placement reads.
/// Refuses to remove a device that hosts load balancers, and logs what changed - field names only, never a credential.
/// </summary>
internal sealed partial class DeviceRegistry : IDeviceRegistry
{
    /// <summary>The <c>ml2.operation</c> under which recomputed device changes are counted in <c>ml2.retries</c>.</summary>
    internal const string RetryOperation = "lbaas_device_change";

    private readonly DeviceInventory _inventory;
    private readonly DeviceCacheSync _sync;
    private readonly IDeviceStore _store;
    private readonly ILogger<DeviceRegistry> _logger;
    private readonly IProviderCatalog? _catalog;
    private readonly ConflictRetry _retry;

    public DeviceRegistry(DeviceCacheSync sync, ILogger<DeviceRegistry> logger, ConflictRetry retry, IProviderCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(sync);
        ArgumentNullException.ThrowIfNull(logger);
        _sync = sync;
        _inventory = sync.Inventory;
        _store = sync.Store;
        _logger = logger;
        _catalog = catalog;
        _retry = retry;
    }

    public async ValueTask<Device> OnboardAsync(Device device, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var valid = DeviceValidator.ValidateNew(device, _catalog);
        return await AddAsync(valid, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Device> OnboardOrUpdateAsync(Device device, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var valid = DeviceValidator.ValidateNew(device, _catalog);
        for (var attempt = 1; ; attempt++)
        {
            var current = _inventory.Find(valid.Id) ?? await _sync.RefreshAsync(valid.Id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                try
                {
                    return await AddAsync(valid, cancellationToken).ConfigureAwait(false);
                }
                catch (ConflictException) when (attempt == 1)
                {
                    // Another controller instance on-boarded it meanwhile: update it instead (the update retries its own races).
                    continue;
                }
            }

            return await ChangeAsync(valid.Id, DeviceValidator.OnboardingUpdate(current.Device, valid), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Throws what <see cref="OnboardOrUpdateAsync"/> would throw for bad input against the cached state, and changes
    /// nothing: lets a batch of devices be checked before the first one is stored.
    /// </summary>
    /// <param name="device">The device to on-board or update.</param>
    /// <exception cref="InvalidInputException">A field is invalid, cannot change, or the capacity is below the load.</exception>
    internal void CheckOnboardOrUpdate(Device device)
    {
        var valid = DeviceValidator.ValidateNew(device, _catalog);
        if (_inventory.Find(valid.Id) is { } current)
        {
            DeviceValidator.ApplyUpdate(current, DeviceValidator.OnboardingUpdate(current.Device, valid), _catalog, []);
        }
    }

    public async ValueTask<Device> UpdateAsync(string deviceId, DeviceUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(update);
        cancellationToken.ThrowIfCancellationRequested();
        return await ChangeAsync(deviceId, update, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Device> DrainAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        cancellationToken.ThrowIfCancellationRequested();
        return await ChangeAsync(deviceId, new DeviceUpdate { Draining = true }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RemoveAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        cancellationToken.ThrowIfCancellationRequested();
        var removal = await _store.RemoveDeviceAsync(deviceId, cancellationToken).ConfigureAwait(false);
        switch (removal.Status)
        {
            case DeviceRemovalStatus.NotFound:
                _inventory.Forget(deviceId);
                throw new ResourceNotFoundException("Device", deviceId);
            case DeviceRemovalStatus.HostsLoadBalancers:
                Log.RemovalRefused(_logger, deviceId, removal.HostedLoadBalancers);
                throw new ConflictException(
                    $"Device {deviceId} hosts {removal.HostedLoadBalancers} load balancer(s) and cannot be removed. Drain it, then remove it once its load balancers are deleted or moved.");
            default:
                _inventory.Forget(deviceId);
                Log.Removed(_logger, deviceId);
                return;
        }
    }

    public Device? Find(string deviceId) => _inventory.Find(deviceId)?.Device;

    public DeviceSnapshot? FindSnapshot(string deviceId) => _inventory.Find(deviceId);

    public IReadOnlyList<Device> List()
    {
        var slots = _inventory.OrderedSlots();
        var devices = new List<Device>(slots.Length);
        foreach (var slot in slots)
        {
            if (slot.Current is { } snapshot)
            {
                devices.Add(snapshot.Device);
            }
        }

        return devices;
    }

    public IReadOnlyList<LoadBalancerClaim> ClaimsOf(string deviceId)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        return _inventory.ClaimsOf(deviceId) ?? throw new ResourceNotFoundException("Device", deviceId);
    }

    public async ValueTask<bool> RecordVipAddressAsync(string deviceId, string loadBalancerId, string vipAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(loadBalancerId);
        ArgumentNullException.ThrowIfNull(vipAddress);
        var revision = await _store.SetClaimVipAddressAsync(deviceId, loadBalancerId, vipAddress, cancellationToken).ConfigureAwait(false);
        if (revision is not { } after)
        {
            return false;
        }

        if (!_inventory.RecordVipAddress(deviceId, loadBalancerId, vipAddress, after - 1))
        {
            await _sync.RefreshAsync(deviceId, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    public async ValueTask<Device> AssignAgentAsync(string deviceId, string? agentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        DeviceValidator.CheckAgentId(agentId);
        var (device, changed) = await ChangeCoreAsync(
            deviceId,
            current => string.Equals(current.Device.AgentId, agentId, StringComparison.Ordinal) ? null : current.Device with { AgentId = agentId },
            cancellationToken).ConfigureAwait(false);
        if (changed)
        {
            Log.AgentAssigned(_logger, deviceId, agentId ?? "none", device.RevisionNumber);
        }

        return device;
    }

    public ValueTask<int> ReloadAsync(CancellationToken cancellationToken = default) => _sync.ReloadAsync(cancellationToken);

    private async ValueTask<Device> AddAsync(Device valid, CancellationToken cancellationToken)
    {
        var added = await _store.AddDeviceAsync(valid, cancellationToken).ConfigureAwait(false);
        added = _inventory.Replace(new DeviceState(added, [])).Device;
        Log.Onboarded(_logger, added.Id, added.Provider, added.Kind, added.HostId, added.Capacity.MaxVips, added.Capacity.MaxNetworks, added.TenantId ?? "shared");
        return added;
    }

    private async ValueTask<Device> ChangeAsync(string deviceId, DeviceUpdate update, CancellationToken cancellationToken)
    {
        var fields = new List<string>(4);
        var (device, changed) = await ChangeCoreAsync(
            deviceId,
            current =>
            {
                fields.Clear();
                return DeviceValidator.ApplyUpdate(current, update, _catalog, fields);
            },
            cancellationToken).ConfigureAwait(false);
        if (changed && fields.Count > 0)
        {
            Log.Updated(_logger, deviceId, device.RevisionNumber, fields);
        }

        return device;
    }

    // Computes the change from the cached device, writes it to the store if the device is still at that revision, then
    // publishes it in the cache. A device changed meanwhile (a claim, another instance) is reloaded and the change
    // recomputed, through the SDK's retry policy (bounded, with backoff); a device the cache does not know is looked up
    // in the store first.
    private ValueTask<(Device Device, bool Changed)> ChangeCoreAsync(string deviceId, Func<DeviceSnapshot, Device?> change, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(RetryOperation, static (s, ct) => s.Self.ChangeOnceAsync(s.DeviceId, s.Change, ct), (Self: this, DeviceId: deviceId, Change: change), cancellationToken);

    private async ValueTask<(Device Device, bool Changed)> ChangeOnceAsync(string deviceId, Func<DeviceSnapshot, Device?> change, CancellationToken cancellationToken)
    {
        var current = _inventory.Find(deviceId)
            ?? await _sync.RefreshAsync(deviceId, cancellationToken).ConfigureAwait(false)
            ?? throw new ResourceNotFoundException("Device", deviceId);
        if (change(current) is not { } next)
        {
            return (current.Device, false);
        }

        if (!string.Equals(next.Id, current.Device.Id, StringComparison.Ordinal) || !string.Equals(next.Provider, current.Device.Provider, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("A device's id and provider cannot change.");
        }

        Device stored;
        try
        {
            stored = await _store.UpdateDeviceAsync(next, current.Device.RevisionNumber, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // The next attempt recomputes the change from the device as it is now.
            await _sync.RefreshAsync(deviceId, cancellationToken).ConfigureAwait(false);
            throw;
        }
        catch (ResourceNotFoundException)
        {
            _inventory.Forget(deviceId);
            throw;
        }

        if (!_inventory.ApplyStored(stored))
        {
            await _sync.RefreshAsync(deviceId, cancellationToken).ConfigureAwait(false);
        }

        return (stored, true);
    }
}
