namespace Lbaas.Storage;

/// <summary>What <see cref="IDeviceStore.TryClaimAsync"/> did.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="DeviceRevision">The device's revision after the call: the new one when claimed, the current stored one otherwise, 0 when the device does not exist.</param>
public readonly record struct ClaimResult(ClaimStatus Status, long DeviceRevision)
{
    /// <summary>With <see cref="ClaimStatus.AlreadyPlaced"/>: the device that holds the load balancer's claim in that slot (null when unknown).</summary>
    public string? PlacedOnDeviceId { get; init; }
}
