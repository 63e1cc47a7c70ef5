using Lbaas.Storage;
using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// Keeps the in-memory <see cref="DeviceInventory"/> (a cache with the indexes placement searches) in step with the
/// <see cref="IDeviceStore"/>, the source of truth: loads every device and claim at start, and reloads one device
/// when a change from the store cannot be applied as a delta (another controller instance changed it, or a local
/// change is still on its way into the cache).
/// </summary>
internal sealed class DeviceCacheSync(IDeviceStore store, DeviceInventory inventory)
{
    /// <summary>The state store.</summary>
    public IDeviceStore Store { get; } = store;

    /// <summary>The cache.</summary>
    public DeviceInventory Inventory { get; } = inventory;

    /// <summary>Reloads one device and its claims from the store (drops it from the cache when the store has none).</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The cached snapshot afterwards, or null when the device does not exist.</returns>
    public async ValueTask<DeviceSnapshot?> RefreshAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        var state = await Store.FindDeviceStateAsync(deviceId, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            Inventory.Forget(deviceId);
            return null;
        }

        return Inventory.Replace(state);
    }

    /// <summary>
    /// Loads every device with its claims from the store into the cache (devices the store no longer has are dropped),
    /// so an instance sees what other instances on-boarded, claimed or removed.
    /// </summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>How many devices the cache holds afterwards.</returns>
    public async ValueTask<int> ReloadAsync(CancellationToken cancellationToken = default)
    {
        var states = await Store.ListDeviceStatesAsync(cancellationToken).ConfigureAwait(false);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var state in states)
        {
            known.Add(state.Device.Id);
            Inventory.Replace(state);
        }

        foreach (var slot in Inventory.OrderedSlots())
        {
            if (!known.Contains(slot.Id))
            {
                Inventory.Forget(slot.Id);
            }
        }

        return Inventory.Count;
    }
}
