using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// The store's outcomes applied to the cache as deltas: a claim, a release, a VIP address, a changed row - each only
/// when the cached device is at the revision the store moved from (see the class remarks in <c>DeviceCache.cs</c>).
/// </summary>
internal sealed partial class DeviceCache
{
    /// <summary>Applies a claim the store recorded (see the class remarks).</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="claim">The claim.</param>
    /// <param name="revisionBefore">The store's revision of the device before the claim.</param>
    /// <returns>False when the device is not cached, is at another revision or holds the claim already (reload it).</returns>
    public bool ApplyClaim(string deviceId, LoadBalancerClaim claim, long revisionBefore) =>
        FindSlot(deviceId) is { } slot && ApplyClaim(slot, claim, revisionBefore, default);

    /// <summary>Applies a claim the store recorded, reusing index sets the caller looked up (see the class remarks).</summary>
    /// <param name="slot">The device.</param>
    /// <param name="claim">The claim.</param>
    /// <param name="revisionBefore">The store's revision of the device before the claim.</param>
    /// <param name="hints">Index sets for the claim's networks and project, when the caller has them.</param>
    /// <returns>False when the device is gone, is at another revision or holds the claim already (reload it).</returns>
    public bool ApplyClaim(DeviceSlot slot, LoadBalancerClaim claim, long revisionBefore, IndexHints hints)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(claim);
        lock (slot.Gate)
        {
            if (slot.Removed || slot.Revision != revisionBefore || slot.Claims.ContainsKey(claim.LoadBalancerId))
            {
                return false;
            }

            Indexes.AddClaim(slot, claim, hints);
            slot.Change(revisionBefore + 1);
            PublishLoad(slot);
            Indexes.RefileBucket(slot);
            return true;
        }
    }

    /// <summary>Applies a release the store recorded (see the class remarks).</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="loadBalancerId">The load balancer.</param>
    /// <param name="revisionBefore">The store's revision of the device before the release.</param>
    /// <returns>False when the device or the claim is not cached, or the device is at another revision (reload it).</returns>
    public bool ApplyRelease(string deviceId, string loadBalancerId, long revisionBefore)
    {
        if (loadBalancerId is null || FindSlot(deviceId) is not { } slot)
        {
            return false;
        }

        lock (slot.Gate)
        {
            if (slot.Removed || slot.Revision != revisionBefore || !Indexes.RemoveClaim(slot, loadBalancerId))
            {
                return false;
            }

            slot.Change(revisionBefore + 1);
            PublishLoad(slot);
            Indexes.RefileBucket(slot);
            return true;
        }
    }

    /// <summary>
    /// Applies the VIP address a placed load balancer got when it was wired (claims are made before the address
    /// exists), so the overlapping-IP policy sees it on later placements.
    /// </summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="loadBalancerId">The load balancer.</param>
    /// <param name="vipAddress">Its VIP address.</param>
    /// <param name="revisionBefore">The store's revision of the device before the change.</param>
    /// <returns>False when the device or the claim is gone, or the cached device is at another revision.</returns>
    public bool RecordVipAddress(string deviceId, string loadBalancerId, string vipAddress, long revisionBefore)
    {
        if (loadBalancerId is null || vipAddress is null || FindSlot(deviceId) is not { } slot)
        {
            return false;
        }

        lock (slot.Gate)
        {
            if (slot.Removed || slot.Revision != revisionBefore || !DeviceIndexes.ChangeVipAddress(slot, loadBalancerId, vipAddress))
            {
                return false;
            }

            slot.Change(revisionBefore + 1);
            PublishLoad(slot);
            return true;
        }
    }

    /// <summary>
    /// Publishes a device as the store returned it after a change of its row: applied only when the cached device is at
    /// the revision just before (<paramref name="stored"/>'s revision - 1); the claims stay. The id and provider cannot
    /// change.
    /// </summary>
    /// <param name="stored">The device as stored.</param>
    /// <returns>True when applied; false when the device is not cached or at another revision (then reload it).</returns>
    public bool ApplyStored(Device stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (FindSlot(stored.Id) is not { } slot)
        {
            return false;
        }

        lock (slot.Gate)
        {
            if (slot.Removed || slot.Revision != stored.RevisionNumber - 1)
            {
                return false;
            }

            if (!string.Equals(stored.Provider, slot.Provider, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("A device's provider cannot change.");
            }

            slot.Change(stored, stored.RevisionNumber);
            PublishAll(slot);
            Indexes.Refile(slot);
            return true;
        }
    }
}
