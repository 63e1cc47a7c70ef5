namespace Lbaas.Devices;

/// <summary>
/// A set of devices for one index key (a provider's load bucket, a network, a project). Writers take a small lock;
/// readers walk the items without one and may, during a concurrent change, see an item twice, miss one, or see a gap
/// (null) - harmless, because an index only proposes candidates and every candidate is judged on its current snapshot.
/// </summary>
internal sealed class DeviceSlotSet
{
    private readonly Lock _gate = new();
    // Each device's position in _items, for O(1) removal; null when the devices keep it (DeviceSlot.BucketPosition).
    private readonly Dictionary<DeviceSlot, int>? _positions;
    private DeviceSlot?[] _items = new DeviceSlot?[4];
    private int _count;

    /// <summary>Creates a set.</summary>
    /// <param name="key">The index key it is filed under (its shared instance), or null.</param>
    /// <param name="positionsInSlots">
    /// Keep each device's position in <see cref="DeviceSlot.BucketPosition"/> instead of a dictionary: for sets a device
    /// belongs to one at a time (its provider's load buckets), saving a lookup per move.
    /// </param>
    public DeviceSlotSet(string? key = null, bool positionsInSlots = false)
    {
        Key = key;
        _positions = positionsInSlots ? null : [];
    }

    /// <summary>The index key, as the one instance devices share.</summary>
    public string? Key { get; }

    /// <summary>How many devices the set holds.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Set when the set was emptied and dropped from its index; adders must then use a new set.</summary>
    public bool Retired { get; private set; }

    /// <summary>Adds a device.</summary>
    /// <returns>False when the set is retired (the caller fetches the index's current set and tries again).</returns>
    public bool Add(DeviceSlot slot)
    {
        lock (_gate)
        {
            if (Retired)
            {
                return false;
            }

            if (_positions is null ? slot.BucketPosition >= 0 : _positions.ContainsKey(slot))
            {
                return true;
            }

            var items = _items;
            if (_count == items.Length)
            {
                var grown = new DeviceSlot?[items.Length * 2];
                Array.Copy(items, grown, _count);
                Volatile.Write(ref _items, grown);
                items = grown;
            }

            Volatile.Write(ref items[_count], slot);
            SetPosition(slot, _count);
            Volatile.Write(ref _count, _count + 1);
            return true;
        }
    }

    /// <summary>Removes a device.</summary>
    /// <param name="slot">The device.</param>
    /// <param name="retireWhenEmpty">Retire the set when this empties it (the caller then drops it from its index).</param>
    /// <returns>Whether the set is now retired.</returns>
    public bool Remove(DeviceSlot slot, bool retireWhenEmpty)
    {
        lock (_gate)
        {
            if (TakePosition(slot) is var index and >= 0)
            {
                var last = _count - 1;
                var items = _items;
                if (index != last)
                {
                    var moved = items[last]!;
                    Volatile.Write(ref items[index], moved);
                    SetPosition(moved, index);
                }

                Volatile.Write(ref _count, last);
                Volatile.Write(ref items[last], null);
            }

            if (retireWhenEmpty && _count == 0)
            {
                Retired = true;
            }

            return Retired;
        }
    }

    /// <summary>Reads the items without a lock (see the class remarks); entries may be null.</summary>
    /// <returns>The items array and the number of used entries.</returns>
    public ReadOnlySpan<DeviceSlot?> Items
    {
        get
        {
            var items = Volatile.Read(ref _items);
            var count = Math.Min(Volatile.Read(ref _count), items.Length);
            return items.AsSpan(0, count);
        }
    }

    private void SetPosition(DeviceSlot slot, int position)
    {
        if (_positions is null)
        {
            slot.BucketPosition = position;
        }
        else
        {
            _positions[slot] = position;
        }
    }

    private int TakePosition(DeviceSlot slot)
    {
        if (_positions is not null)
        {
            return _positions.Remove(slot, out var index) ? index : -1;
        }

        var position = slot.BucketPosition;
        slot.BucketPosition = -1;
        return position;
    }
}
