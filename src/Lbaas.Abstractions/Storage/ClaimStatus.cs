namespace Lbaas.Storage;

/// <summary>The outcome of <see cref="IDeviceStore.TryClaimAsync"/>.</summary>
public enum ClaimStatus
{
    /// <summary>The claim was recorded and the device revision incremented.</summary>
    Claimed,

    /// <summary>The device's revision is not the expected one; nothing was recorded.</summary>
    RevisionConflict,

    /// <summary>The device does not exist.</summary>
    NotFound,

    /// <summary>Every VIP slot of the device is claimed.</summary>
    AtVipCapacity,

    /// <summary>The claim's new networks would exceed the device's network capacity.</summary>
    AtNetworkCapacity,

    /// <summary>The device already holds a claim of this load balancer.</summary>
    AlreadyClaimed,

    /// <summary>
    /// The load balancer already holds a claim in the same <see cref="Devices.LoadBalancerClaim.Slot"/> on another device
    /// (it is already placed there; <see cref="ClaimResult.PlacedOnDeviceId"/> names it); nothing was recorded.
    /// </summary>
    AlreadyPlaced,
}
