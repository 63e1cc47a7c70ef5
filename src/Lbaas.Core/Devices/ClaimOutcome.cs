namespace Lbaas.Devices;

/// <summary>The outcome of <see cref="DeviceInventory.TryClaim(string, long?, LoadBalancerClaim, out Ml2.Lbaas.DeviceSnapshot?)"/>.</summary>
internal enum ClaimOutcome
{
    /// <summary>The claim was recorded; the device's revision moved on.</summary>
    Claimed,

    /// <summary>The device changed since the caller read it (its revision is not the expected one); nothing was recorded.</summary>
    RevisionConflict,

    /// <summary>The device does not exist (or was removed meanwhile).</summary>
    NotFound,

    /// <summary>Every VIP slot is taken.</summary>
    AtVipCapacity,

    /// <summary>Wiring the claim's new networks would exceed the device's network capacity.</summary>
    AtNetworkCapacity,

    /// <summary>The device already holds a claim of this load balancer.</summary>
    AlreadyClaimed,
}
