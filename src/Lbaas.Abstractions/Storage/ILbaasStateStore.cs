using Lbaas.Devices;
using Lbaas;

namespace Lbaas.Storage;

/// <summary>
/// The durable LBaaS state, the source of truth for every controller instance that shares it: load balancers and their
/// children (listeners, pools, members, health monitors) with their placement explanations, devices (with their
/// credentials), capacity claims and agents. Lbaas.Core keeps in-memory caches (the device inventory and its indexes)
/// in front of it and writes every change through it first.
/// </summary>
/// <remarks>
/// <para>
/// Designed for a SQL implementation over four tables, each method a few simple statements:
/// <c>lbaas_objects(type, id, seq, revision, body json)</c> (primary key <c>(type, id)</c>; <c>type</c> is
/// <see cref="LbaasStoredTypes.KeyOf(Type)"/>; <c>seq</c> an ever-increasing insertion number),
/// <c>lbaas_devices(id, revision, body json, credentials_username, credentials_password)</c>,
/// <c>lbaas_claims(device_id, load_balancer_id, slot, body json)</c> (primary key <c>(device_id, load_balancer_id)</c>,
/// unique <c>(load_balancer_id, slot)</c>) and
/// <c>lbaas_agents(id, heartbeat_at, taken_over)</c>. Bodies are serialised with
/// <see cref="LbaasStoredTypes.JsonOptions"/>; every stored type round-trips through it.
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
/// and re-checks capacity from the store's own claims in the same transaction (in SQL: <c>SELECT ... FOR UPDATE</c> on
/// the device row, count the claims, insert, bump the revision).
/// </para>
/// <para>Errors: the exceptions named below are from <c>Ml2.Exceptions</c>; anything else is an infrastructure failure.</para>
/// </remarks>
public interface ILbaasStateStore
{
    /// <summary>Reads one committed object (<c>SELECT body FROM lbaas_objects WHERE type = @type AND id = @id</c>).</summary>
    /// <typeparam name="T">A stored object type (see <see cref="LbaasStoredTypes.ObjectTypes"/>).</typeparam>
    /// <param name="id">The object's id (for a <see cref="LoadBalancerPlacementRecord"/>, the load balancer's).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The object, or null when there is none.</returns>
    ValueTask<T?> FindAsync<T>(string id, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>Lists every committed object of a type, in insertion order (<c>ORDER BY seq</c>).</summary>
    /// <typeparam name="T">A stored object type.</typeparam>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The objects.</returns>
    ValueTask<IReadOnlyList<T>> ListAsync<T>(CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>
    /// Runs <paramref name="work"/> as one atomic unit over the objects (one database transaction): either everything
    /// it wrote is committed when it returns, or, when it throws, nothing is. Readers outside the unit see only
    /// committed state. Units that read and then update the same load balancer cannot both commit: the
    /// load balancer's revision is compare-and-set (see <see cref="ILbaasStateWriter.UpdateAsync{T}"/>), and the loser
    /// gets <see cref="Ml2.Exceptions.ConcurrencyConflictException"/>; callers re-run the whole unit. A store may also
    /// serialise units entirely (the in-memory store does). <paramref name="work"/> does no I/O besides the writer's.
    /// </summary>
    /// <typeparam name="TResult">What the unit returns.</typeparam>
    /// <param name="work">Reads and changes objects through the writer; must not use the writer after it completes.</param>
    /// <param name="cancellationToken">Cancels the unit before it commits (then nothing is kept).</param>
    /// <returns>What <paramref name="work"/> returned, after the commit.</returns>
    ValueTask<TResult> WriteAsync<TResult>(Func<ILbaasStateWriter, ValueTask<TResult>> work, CancellationToken cancellationToken = default);

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
    /// claim); the device's claims already number
    /// <see cref="DeviceCapacity.MaxVips"/> -&gt; <see cref="ClaimStatus.AtVipCapacity"/>; the claim's VIP and member
    /// networks (a member network equal to the VIP network counts once) that no claim of the device uses yet, added to
    /// the number of distinct networks its claims use, exceed <see cref="DeviceCapacity.MaxNetworks"/> -&gt;
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

    /// <summary>
    /// Records an agent's heartbeat: an unknown agent is inserted (not taken over); a known one keeps the later of its
    /// stored and the given time (<c>heartbeat_at = GREATEST(heartbeat_at, @at)</c>) and its taken-over flag.
    /// </summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="heartbeatAt">When it was heard from.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the heartbeat is stored.</returns>
    ValueTask UpsertAgentHeartbeatAsync(string agentId, DateTimeOffset heartbeatAt, CancellationToken cancellationToken = default);

    /// <summary>Sets whether a known agent's devices have been moved away because it was dead.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="takenOver">The new flag.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when the agent exists and the flag changed (<c>UPDATE ... WHERE taken_over &lt;&gt; @flag</c> hit a row).</returns>
    ValueTask<bool> SetAgentTakenOverAsync(string agentId, bool takenOver, CancellationToken cancellationToken = default);

    /// <summary>Lists every known agent, ordered by id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The agents.</returns>
    ValueTask<IReadOnlyList<AgentRecord>> ListAgentsAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets an agent.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was known.</returns>
    ValueTask<bool> RemoveAgentAsync(string agentId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes or renews a named lease, atomically: it is granted when nobody holds it, when the holder's lease expired
    /// (<c>expires_at &lt;= now</c>), or when <paramref name="owner"/> already holds it (a renewal); it then expires at
    /// <paramref name="now"/> + <paramref name="duration"/>. In SQL: <c>INSERT INTO lbaas_leases ... ON CONFLICT (name)
    /// DO UPDATE SET owner, expires_at WHERE lbaas_leases.expires_at &lt;= @now OR lbaas_leases.owner = @owner</c>.
    /// Controller instances use it to serialise work that spans several transactions (wiring a device's ports).
    /// </summary>
    /// <param name="name">The lease, e.g. <c>device-wiring:adc-1</c>.</param>
    /// <param name="owner">Who takes it (one id per controller instance).</param>
    /// <param name="now">The current time.</param>
    /// <param name="duration">How long the lease holds without renewal (positive).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when <paramref name="owner"/> holds the lease now.</returns>
    ValueTask<bool> TryAcquireLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Gives a lease back (<c>DELETE ... WHERE name = @name AND owner = @owner</c>).</summary>
    /// <param name="name">The lease.</param>
    /// <param name="owner">Who held it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when <paramref name="owner"/> did not hold it (e.g. it expired and another took it).</returns>
    ValueTask<bool> ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken = default);
}
