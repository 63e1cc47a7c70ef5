namespace Lbaas.Devices;

/// <summary>
/// A set of devices, by number (<see cref="DeviceSlot.Number"/>), for one index key (a provider's load bucket, a
/// network, a project). Writers take a small lock; readers walk the numbers without one and may, during a concurrent
/// change, see a number twice or one just removed; a removal moves the last device into the gap before the count
/// shrinks and leaves the last entry as it was, so only a removal followed at once by an addition can hide, for one
/// scan, a device that stays. Harmless: an index only proposes candidates, and every candidate is judged on its
/// current facts (memberships read here only move scores and the network-capacity check of that judgement, which
/// the store's claim repeats). Sets of more than <see cref="BitmapFrom"/> devices keep a bitmap
/// beside, so <see cref="Contains"/> stays one read however large the set.
/// </summary>
internal sealed class DeviceSlotSet
{
    /// <summary>The size from which a set answers <see cref="Contains"/> from a bitmap instead of a scan.</summary>
    public const int BitmapFrom = 64;

    private readonly Lock _gate = new();
    // Whether the devices keep their position (DeviceSlot.BucketPosition) instead of the set.
    private readonly bool _positionsInSlots;
    // Each device's position in _items, made beside the bitmap for O(1) removal from a large set; a small set finds a
    // device by a scan of its items (a few cache lines, no lookup).
    private Dictionary<int, int>? _positions;
    private int[] _items = [-1, -1, -1, -1];
    private ulong[]? _bitmap;
    private int _count;

    /// <summary>Creates a set.</summary>
    /// <param name="key">The index key it is filed under, or null.</param>
    /// <param name="positionsInSlots">
    /// Keep each device's position in <see cref="DeviceSlot.BucketPosition"/> instead of a dictionary: for sets a device
    /// belongs to one at a time (its provider's load buckets), saving a lookup per move.
    /// </param>
    public DeviceSlotSet(string? key = null, bool positionsInSlots = false)
    {
        Key = key;
        _positionsInSlots = positionsInSlots;
    }

    /// <summary>The index key.</summary>
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

            var number = slot.Number;
            if (PositionOf(slot) >= 0)
            {
                return true;
            }

            var items = _items;
            if (_count == items.Length)
            {
                var grown = new int[items.Length * 2];
                Array.Copy(items, grown, _count);
                grown.AsSpan(_count).Fill(-1);
                Volatile.Write(ref _items, grown);
                items = grown;
            }

            Volatile.Write(ref items[_count], number);
            SetPosition(slot, number, _count);
            Volatile.Write(ref _count, _count + 1);
            Mark(number, true);
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
                    var moved = items[last];
                    Volatile.Write(ref items[index], moved);
                    MovePosition(moved, index);
                }

                // The last entry is left as it was (a number, not a reference to keep alive): a reader that read the
                // count before this removal and the gap before the move still finds the moved device there.
                Volatile.Write(ref _count, last);
                Mark(slot.Number, false);
            }

            if (retireWhenEmpty && _count == 0)
            {
                Retired = true;
            }

            return Retired;
        }
    }

    /// <summary>Reads the numbers without a lock (see the class remarks).</summary>
    public ReadOnlySpan<int> Items
    {
        get
        {
            var items = Volatile.Read(ref _items);
            var count = Math.Min(Volatile.Read(ref _count), items.Length);
            return items.AsSpan(0, count);
        }
    }

    /// <summary>Whether the set holds a device, read without a lock (see the class remarks).</summary>
    /// <param name="number">The device number.</param>
    public bool Contains(int number)
    {
        if (Volatile.Read(ref _bitmap) is { } bitmap)
        {
            var word = number >> 6;
            return (uint)word < (uint)bitmap.Length && (Volatile.Read(ref bitmap[word]) & (1UL << number)) != 0;
        }

        return Items.Contains(number);
    }

    // Keeps the bitmap of a large set (under _gate): made when the set outgrows a scan, grown with the numbers.
    private void Mark(int number, bool present)
    {
        var bitmap = _bitmap;
        if (bitmap is null)
        {
            if (_count <= BitmapFrom)
            {
                return;
            }

            bitmap = new ulong[(MaxNumber() >> 6) + 1];
            foreach (var item in _items.AsSpan(0, _count))
            {
                bitmap[item >> 6] |= 1UL << item;
            }

            Volatile.Write(ref _bitmap, bitmap);
            return;
        }

        var word = number >> 6;
        if (word >= bitmap.Length)
        {
            if (!present)
            {
                return;
            }

            var grown = new ulong[Math.Max(word + 1, bitmap.Length * 2)];
            bitmap.CopyTo(grown, 0);
            Volatile.Write(ref _bitmap, grown);
            bitmap = grown;
        }

        var bits = present ? bitmap[word] | (1UL << number) : bitmap[word] & ~(1UL << number);
        Volatile.Write(ref bitmap[word], bits);
    }

    private int MaxNumber()
    {
        var max = 0;
        foreach (var item in _items.AsSpan(0, _count))
        {
            max = Math.Max(max, item);
        }

        return max;
    }

    // Where a device is in _items, or -1 (under _gate).
    private int PositionOf(DeviceSlot slot) =>
        _positionsInSlots ? slot.BucketPosition
        : _positions is not null ? _positions.GetValueOrDefault(slot.Number, -1)
        : Scan(slot.Number);

    // A small set's position of a number: a scan of its items (a few cache lines, no lookup).
    private int Scan(int number) => _items.AsSpan(0, _count).IndexOf(number);

    private void SetPosition(DeviceSlot slot, int number, int position)
    {
        if (_positionsInSlots)
        {
            slot.BucketPosition = position;
        }
        else if (_positions is not null)
        {
            _positions[number] = position;
        }
        else if (_count >= BitmapFrom)
        {
            // Outgrowing a scan (with the device that also makes the bitmap): every device's position from now on.
            _positions = new Dictionary<int, int>(2 * BitmapFrom);
            for (var i = 0; i < _count; i++)
            {
                _positions[_items[i]] = i;
            }

            _positions[number] = position;
        }
    }

    // The device moved into a removed device's place: positions kept in slots are found through the cache's table.
    private void MovePosition(int number, int position)
    {
        if (!_positionsInSlots)
        {
            if (_positions is not null)
            {
                _positions[number] = position;
            }
        }
        else if (SlotResolver?.Invoke(number) is { } slot)
        {
            slot.BucketPosition = position;
        }
    }

    private int TakePosition(DeviceSlot slot)
    {
        if (!_positionsInSlots)
        {
            return _positions is null ? Scan(slot.Number)
                : _positions.Remove(slot.Number, out var index) ? index : -1;
        }

        var position = slot.BucketPosition;
        slot.BucketPosition = -1;
        return position;
    }

    /// <summary>Finds a slot by number, for sets that keep positions in slots (set by the provider index).</summary>
    public Func<int, DeviceSlot?>? SlotResolver { get; init; }
}
