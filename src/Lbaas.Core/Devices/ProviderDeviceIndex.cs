namespace Lbaas.Devices;

/// <summary>
/// One provider's shared devices that can take a load balancer now (administratively up, not draining, not down, a
/// free VIP slot), filed in <see cref="BucketCount"/> buckets by utilisation, so the least-loaded candidates are found
/// without looking at every device. Private devices are indexed by project instead.
/// </summary>
internal sealed class ProviderDeviceIndex
{
    /// <summary>The number of utilisation buckets.</summary>
    public const int BucketCount = 64;

    public ProviderDeviceIndex()
    {
        Buckets = new DeviceSlotSet[BucketCount];
        for (var i = 0; i < Buckets.Length; i++)
        {
            Buckets[i] = new DeviceSlotSet(positionsInSlots: true);
        }
    }

    /// <summary>The buckets, least utilised first.</summary>
    public DeviceSlotSet[] Buckets { get; }
}
