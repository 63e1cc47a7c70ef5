namespace Lbaas.Storage;

/// <summary>
/// The one claim-admission rule: does a load balancer's claim fit a device? A claim takes one VIP slot and wires the
/// device into the claim's VIP network and, when it differs, its member network; a network the device is already
/// wired into costs nothing. Every store applies it under the device's lock before recording a claim, and the
/// capacity placement policy applies it to the device it judges, so the two never disagree.
/// </summary>
public static class ClaimAdmission
{
    /// <summary>Judges a claim against a device's capacity and load.</summary>
    /// <typeparam name="TLoad">The store's view of the device's load (a struct avoids boxing).</typeparam>
    /// <param name="capacity">The device's capacity.</param>
    /// <param name="load">What the device carries now.</param>
    /// <param name="vipNetworkId">The claim's VIP network.</param>
    /// <param name="memberNetworkId">The claim's member network, or null.</param>
    /// <returns>
    /// <see cref="ClaimStatus.Claimed"/> when it fits, else <see cref="ClaimStatus.AtVipCapacity"/> (every VIP slot
    /// taken) or <see cref="ClaimStatus.AtNetworkCapacity"/> (its new networks would exceed the network capacity).
    /// </returns>
    public static ClaimStatus Evaluate<TLoad>(DeviceCapacity capacity, TLoad load, string vipNetworkId, string? memberNetworkId)
        where TLoad : IDeviceLoad
    {
        ArgumentNullException.ThrowIfNull(capacity);
        return Evaluate(capacity.MaxVips, capacity.MaxNetworks, load, vipNetworkId, memberNetworkId);
    }

    /// <summary>Judges a claim against a device's capacity, given as its two limits, and load.</summary>
    /// <typeparam name="TLoad">The caller's view of the device's load (a struct avoids boxing).</typeparam>
    /// <param name="maxVips">The device's VIP capacity.</param>
    /// <param name="maxNetworks">The device's network capacity.</param>
    /// <param name="load">What the device carries now.</param>
    /// <param name="vipNetworkId">The claim's VIP network.</param>
    /// <param name="memberNetworkId">The claim's member network, or null.</param>
    /// <returns>As <see cref="Evaluate{TLoad}(DeviceCapacity, TLoad, string, string?)"/>.</returns>
    public static ClaimStatus Evaluate<TLoad>(int maxVips, int maxNetworks, TLoad load, string vipNetworkId, string? memberNetworkId)
        where TLoad : IDeviceLoad
    {
        if (load.ClaimCount >= maxVips)
        {
            return ClaimStatus.AtVipCapacity;
        }

        var added = NewNetworks(load, vipNetworkId, memberNetworkId);
        return added > 0 && load.NetworkCount + added > maxNetworks ? ClaimStatus.AtNetworkCapacity : ClaimStatus.Claimed;
    }

    /// <summary>How many of a claim's networks the device is not wired into yet (0, 1 or 2).</summary>
    /// <typeparam name="TLoad">The store's view of the device's load.</typeparam>
    /// <param name="load">What the device carries now.</param>
    /// <param name="vipNetworkId">The claim's VIP network.</param>
    /// <param name="memberNetworkId">The claim's member network, or null.</param>
    /// <returns>The networks the claim would add.</returns>
    public static int NewNetworks<TLoad>(TLoad load, string? vipNetworkId, string? memberNetworkId)
        where TLoad : IDeviceLoad
    {
        var count = vipNetworkId is not null && !load.IsWiredTo(vipNetworkId) ? 1 : 0;
        if (memberNetworkId is not null && !string.Equals(memberNetworkId, vipNetworkId, StringComparison.Ordinal) && !load.IsWiredTo(memberNetworkId))
        {
            count++;
        }

        return count;
    }
}
