using Lbaas.Devices;

namespace Lbaas.Storage;

/// <summary>
/// The durable devices (with their credentials) and their capacity claims, the source of truth for every controller
/// instance that shares them. Lbaas.Core keeps an in-memory cache (the device inventory and its indexes) in front of it
/// and writes every change through it first.
/// </summary>
/// <remarks>
/// <para>
/// Designed for two SQL tables, each method a few simple statements:
/// <c>lbaas_devices(id, revision, body json, credentials_username, credentials_password)</c> and
/// <c>lbaas_claims(device_id, load_balancer_id, slot, body json)</c> (primary key <c>(device_id, load_balancer_id)</c>,
/// unique <c>(load_balancer_id, slot)</c>). Bodies are serialised with <see cref="LbaasStoredTypes.JsonOptions"/>.
/// </para>
/// <para>
/// <b>Credentials.</b> <see cref="Device.Credentials"/> is deliberately never serialised (its JSON is <c>null</c>), so
/// the JSON body of a device does not carry it. A store persists the credentials separately (for example the two
/// credential columns, ideally encrypted at rest) and returns every device with <see cref="Device.Credentials"/> set
/// again, so a restarted controller can still log in to the device. A store never logs them.
/// </para>
/// <para>
/// <b>Revisions.</b> A device's revision starts at 1 when it is added and is incremented by exactly one by every change
/// of the device row or of its claims (update, claim, release, VIP address recorded). Callers rely on that: a cache at
/// revision <c>n</c> that learns of a change resulting in <c>n + 1</c> applies it as a delta; any other gap makes it
/// reload the device with <see cref="FindDeviceStateAsync"/>.
/// </para>
/// <para>
/// <b>Concurrency.</b> Several controller instances may use one store at once. Each method is atomic on its own.
/// <see cref="TryClaimAsync"/> is the guard against overcommitting a device: it compare-and-sets the device revision
/// and re-checks capacity from the store's own claims with <see cref="ClaimAdmission.Evaluate{TLoad}(DeviceCapacity, TLoad, string, string?)"/> in the same
/// transaction (in SQL: <c>SELECT ... FOR UPDATE</c> on the device row, count the claims, insert, bump the revision).
/// </para>
/// <para>Errors: the exceptions named below are from <c>Ml2.Exceptions</c>; anything else is an infrastructure failure.</para>
/// </remarks>
public interface IDeviceStore
{
    /// <summary>Reads one device with its credentials (<c>SELECT ... FROM lbaas_devices WHERE id = @id</c>).</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The device at its current revision, or null.</returns>
    ValueTask<Device?> FindDeviceAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads one device and all its claims as of one revision (one transaction, or a repeatable read), so a cache can
    /// replace its copy of the device wholesale.
    /// </summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The device and its claims ordered by load balancer id, or null when the device does not exist.</returns>
    ValueTask<DeviceState?> FindDeviceStateAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>Lists every device with its credentials, ordered by id (used at start to fill the cache).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The devices.</returns>
    ValueTask<IReadOnlyList<Device>> ListDevicesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists every device with all its claims, ordered by device id, as of one point in time (the device and claim reads
    /// in one transaction, repeatable read or better), so each device's claims match its revision. Used at start and by
    /// a full cache reload.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The devices (with credentials) and their claims ordered by load balancer id.</returns>
    ValueTask<IReadOnlyList<DeviceState>> ListDeviceStatesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a device (already validated) at revision 1, whatever <see cref="Device.RevisionNumber"/> it carries, keeping
    /// its credentials (<c>INSERT INTO lbaas_devices</c>).
    /// </summary>
    /// <param name="device">The device.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The device as stored (revision 1).</returns>
    /// <exception cref="Ml2.Exceptions.ConflictException">A device with the id exists.</exception>
    ValueTask<Device> AddDeviceAsync(Device device, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a device's row if its stored revision is still <paramref name="expectedRevision"/> and sets the
    /// revision to <paramref name="expectedRevision"/> + 1 (<c>UPDATE ... WHERE id = @id AND revision = @expected</c>).
    /// Claims are untouched. The id and provider never change. Credentials are replaced by the device's (null clears
    /// them).
    /// </summary>
    /// <param name="device">The new state.</param>
    /// <param name="expectedRevision">The revision the caller read.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The device as stored.</returns>
    /// <exception cref="Ml2.Exceptions.ResourceNotFoundException">The device does not exist.</exception>
    /// <exception cref="Ml2.Exceptions.ConcurrencyConflictException">The stored revision differs.</exception>
    ValueTask<Device> UpdateDeviceAsync(Device device, long expectedRevision, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a device unless it holds claims (atomically: the check and the delete in one transaction).
    /// </summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Removed; not found; or refused with the number of claims (load balancers) it holds.</returns>
    ValueTask<DeviceRemoval> RemoveDeviceAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims one VIP slot and the claim's networks on a device, atomically. In order: no device -&gt;
    /// <see cref="ClaimStatus.NotFound"/>; <paramref name="expectedDeviceRevision"/> not null and not the stored revision
    /// -&gt; <see cref="ClaimStatus.RevisionConflict"/>; a claim of the load balancer on the device exists -&gt;
    /// <see cref="ClaimStatus.AlreadyClaimed"/>; a claim of the load balancer in the same
    /// <see cref="LoadBalancerClaim.Slot"/> exists on another device -&gt; <see cref="ClaimStatus.AlreadyPlaced"/> (with
    /// <see cref="ClaimResult.PlacedOnDeviceId"/>; atomically across devices, in SQL a unique key on
    /// <c>lbaas_claims (load_balancer_id, slot)</c>, so two instances placing one load balancer at once cannot both
    /// claim); then <see cref="ClaimAdmission.Evaluate{TLoad}(DeviceCapacity, TLoad, string, string?)"/> over the device's stored claims: the claims already
    /// number <see cref="DeviceCapacity.MaxVips"/> -&gt; <see cref="ClaimStatus.AtVipCapacity"/>; the claim's VIP and
    /// member networks (a member network equal to the VIP network counts once) that no claim of the device uses yet,
    /// added to the number of distinct networks its claims use, exceed <see cref="DeviceCapacity.MaxNetworks"/> -&gt;
    /// <see cref="ClaimStatus.AtNetworkCapacity"/>; otherwise the claim is inserted, the device revision incremented and
    /// <see cref="ClaimStatus.Claimed"/> returned. Capacity is always re-checked from the store's own claims, whatever
    /// the caller believed, so two controller instances can never overcommit a device.
    /// </summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="claim">The claim.</param>
    /// <param name="expectedDeviceRevision">The revision the caller judged, or null to skip only that check.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The status and the device's revision after the call (0 when the device does not exist).</returns>
    ValueTask<ClaimResult> TryClaimAsync(string deviceId, LoadBalancerClaim claim, long? expectedDeviceRevision, CancellationToken cancellationToken = default);

    /// <summary>Deletes a load balancer's claim on a device and increments the device revision.</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="loadBalancerId">The load balancer.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The device's new revision, or null when there was no such claim (nothing changed).</returns>
    ValueTask<long?> ReleaseClaimAsync(string deviceId, string loadBalancerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets <see cref="LoadBalancerClaim.VipAddress"/> of an existing claim and increments the device revision (when the
    /// address is already that value, nothing changes and the current revision is returned).
    /// </summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="loadBalancerId">The load balancer.</param>
    /// <param name="vipAddress">The VIP address.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The device's revision after the call, or null when there is no such claim.</returns>
    ValueTask<long?> SetClaimVipAddressAsync(string deviceId, string loadBalancerId, string vipAddress, CancellationToken cancellationToken = default);

    /// <summary>Lists every claim with its device, ordered by device id then load balancer id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The claims.</returns>
    ValueTask<IReadOnlyList<DeviceClaim>> ListClaimsAsync(CancellationToken cancellationToken = default);
}
