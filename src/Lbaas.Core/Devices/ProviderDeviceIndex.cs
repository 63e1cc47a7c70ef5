namespace Lbaas.Devices;

/// <summary>
/// One provider's shared devices that can take a load balancer now (administratively up, not draining, not down, a
/// free VIP slot), filed in <see cref="BucketCount"/> buckets by utilisation, so the least-loaded candidates are found
/// without looking at every device. Private devices are indexed by project instead.
/// </summary>
/// <remarks>
/// Every claim and release moves its device to another bucket, and a moderately loaded fleet keeps most devices in a
/// few buckets; so each bucket is split into <see cref="Stripes"/> sets (a device always in the same stripe), and
/// concurrent moves of different devices rarely take the same set's lock.
/// </remarks>
internal sealed class ProviderDeviceIndex
{
    /// <summary>The number of utilisation buckets.</summary>
    public const int BucketCount = 64;

    /// <summary>The number of sets each bucket is split into.</summary>
    public const int Stripes = 8;

    private readonly DeviceSlotSet[] _sets;

    /// <summary>Creates the index.</summary>
    /// <param name="slotOf">Finds a device's slot by number (the sets keep each device's position in its slot).</param>
    public ProviderDeviceIndex(Func<int, DeviceSlot?> slotOf)
    {
        _sets = new DeviceSlotSet[BucketCount * Stripes];
        for (var i = 0; i < _sets.Length; i++)
        {
            _sets[i] = new DeviceSlotSet(positionsInSlots: true) { SlotResolver = slotOf };
        }
    }

    /// <summary>The set of a bucket's stripe (<paramref name="stripe"/> in [0, <see cref="Stripes"/>)).</summary>
    public DeviceSlotSet Set(int bucket, int stripe) => _sets[(bucket * Stripes) + stripe];

    /// <summary>The set a device is filed in for a bucket.</summary>
    public DeviceSlotSet SetOf(int bucket, DeviceSlot slot) => Set(bucket, slot.Stripe);
}
