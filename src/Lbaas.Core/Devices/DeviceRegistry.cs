using Microsoft.Extensions.Logging;
using Ml2.Exceptions;
using Ml2.Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// The operator's device registry over the in-memory <see cref="DeviceInventory"/>: validates every change (a typed
/// error naming the field and value), bumps the device revision, refuses to remove a device that hosts load
/// balancers, and logs what changed - field names only, never a credential.
/// </summary>
internal sealed partial class DeviceRegistry : IDeviceRegistry
{
    private readonly DeviceInventory _inventory;
    private readonly ILogger<DeviceRegistry> _logger;
    private readonly IProviderCatalog? _catalog;

    public DeviceRegistry(DeviceInventory inventory, ILogger<DeviceRegistry> logger, IProviderCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(logger);
        _inventory = inventory;
        _logger = logger;
        _catalog = catalog;
    }

    public ValueTask<Device> OnboardAsync(Device device, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var valid = DeviceValidator.ValidateNew(device, _catalog);
        var snapshot = _inventory.TryAdd(valid) ?? throw new ConflictException($"Device {valid.Id} already exists.");
        var added = snapshot.Device;
        Log.Onboarded(_logger, added.Id, added.Provider, added.Kind, added.HostId, added.Capacity.MaxVips, added.Capacity.MaxNetworks, added.TenantId ?? "shared");
        return ValueTask.FromResult(added);
    }

    public ValueTask<Device> UpdateAsync(string deviceId, DeviceUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(update);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Change(deviceId, update));
    }

    public ValueTask<Device> DrainAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Change(deviceId, new DeviceUpdate { Draining = true }));
    }

    public ValueTask RemoveAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        cancellationToken.ThrowIfCancellationRequested();
        switch (_inventory.TryRemove(deviceId, out var hosted))
        {
            case RemoveOutcome.NotFound:
                throw new ResourceNotFoundException("Device", deviceId);
            case RemoveOutcome.HostsLoadBalancers:
                Log.RemovalRefused(_logger, deviceId, hosted);
                throw new ConflictException(
                    $"Device {deviceId} hosts {hosted} load balancer(s) and cannot be removed. Drain it, then remove it once its load balancers are deleted or moved.");
            default:
                Log.Removed(_logger, deviceId);
                return ValueTask.CompletedTask;
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

    public bool RecordVipAddress(string deviceId, string loadBalancerId, string vipAddress)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(loadBalancerId);
        ArgumentNullException.ThrowIfNull(vipAddress);
        return _inventory.RecordVipAddress(deviceId, loadBalancerId, vipAddress);
    }

    public Device AssignAgent(string deviceId, string? agentId)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        DeviceValidator.CheckAgentId(agentId);
        var snapshot = _inventory.Update(deviceId, current =>
            string.Equals(current.Device.AgentId, agentId, StringComparison.Ordinal) ? null : current.Device with { AgentId = agentId })
            ?? throw new ResourceNotFoundException("Device", deviceId);
        Log.AgentAssigned(_logger, deviceId, agentId ?? "none", snapshot.Device.RevisionNumber);
        return snapshot.Device;
    }

    private Device Change(string deviceId, DeviceUpdate update)
    {
        var changed = new List<string>(4);
        var snapshot = _inventory.Update(deviceId, current =>
        {
            changed.Clear();
            return DeviceValidator.ApplyUpdate(current, update, _catalog, changed);
        }) ?? throw new ResourceNotFoundException("Device", deviceId);
        if (changed.Count > 0)
        {
            Log.Updated(_logger, deviceId, snapshot.Device.RevisionNumber, changed);
        }

        return snapshot.Device;
    }
}
