using Lbaas.Placement;
using Lbaas.Providers;
using Lbaas;
using Ml2.Plugin;

namespace Lbaas.Service;

/// <summary>
/// The load-balancer service (Octavia's v2 API over devices): load balancers, listeners, pools, members and health
/// monitors, scoped to the caller's project like ML2 (another project's objects do not exist for a non-admin; an
/// admin sees all). Changes are asynchronous: the object is returned PENDING_*, the owning agent calls the provider's
/// driver, and the status becomes ACTIVE or ERROR when it reports.
/// </summary>
/// <remarks>
/// <para>
/// Status machine (Octavia's): a load balancer accepts a change only while ACTIVE, and deletion while ACTIVE or ERROR;
/// anything else is an <see cref="ImmutableObjectException"/> (409, "Load Balancer X is immutable and cannot be
/// updated."). A change of a child sets the load balancer PENDING_UPDATE and the child PENDING_CREATE, PENDING_UPDATE
/// or PENDING_DELETE until the agent reports. On success the child is ACTIVE (or gone) and the load balancer ACTIVE;
/// on a driver error the child is ERROR and the load balancer ACTIVE again, or, for the load balancer's own
/// operations, the load balancer is ERROR (neutron-lbaas' <c>driver_mixins</c>). Objects stuck in PENDING_* longer
/// than <c>LbaasOptions.PendingTimeout</c> are moved to ERROR by the reaper, so they can be deleted.
/// </para>
/// <para>
/// Errors: <see cref="Ml2.Exceptions.InvalidInputException"/> (bad input, unknown provider, invalid or disabled flavor,
/// flavor/provider mismatch, unsupported topology), <see cref="Ml2.Exceptions.ResourceNotFoundException"/> (missing or
/// invisible), <see cref="Ml2.Exceptions.NotAuthorizedException"/> (admin-only), <see cref="ImmutableObjectException"/>
/// and other <see cref="Ml2.Exceptions.ConflictException"/>s (duplicates), <see cref="NoEligibleDeviceException"/> (no
/// device fits), <see cref="LoadBalancerWiringException"/> (ML2 wiring failed) and <see cref="LoadBalancerDriverException"/>.
/// </para>
/// </remarks>
public interface ILoadBalancerService
{
    /// <summary>
    /// Creates a load balancer: validates the networks, provider, flavor and topology; places it on a device (two
    /// devices, never the same one nor cluster, for ACTIVE_STANDBY) and claims capacity; wires the device(s) into the
    /// VIP and member networks through ML2; and hands the create to the owning agent.
    /// </summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="request">The attributes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The load balancer, PENDING_CREATE, with its VIP address.</returns>
    /// <exception cref="NoEligibleDeviceException">No device can take it; nothing was persisted and no capacity is held.</exception>
    /// <exception cref="LoadBalancerWiringException">Wiring failed; the claim was released and the load balancer is ERROR.</exception>
    ValueTask<LoadBalancer> CreateLoadBalancerAsync(CallerContext caller, LoadBalancerCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a load balancer (device ids are shown to admins only).</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The load balancer.</returns>
    ValueTask<LoadBalancer> GetLoadBalancerAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);

    /// <summary>Lists the load balancers the caller can see.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The load balancers, oldest first.</returns>
    ValueTask<IReadOnlyList<LoadBalancer>> ListLoadBalancersAsync(CallerContext caller, CancellationToken cancellationToken = default);

    /// <summary>Updates an ACTIVE load balancer: PENDING_UPDATE until the agent reports.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The load balancer, PENDING_UPDATE.</returns>
    ValueTask<LoadBalancer> UpdateLoadBalancerAsync(CallerContext caller, string id, LoadBalancerUpdateRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an ACTIVE or ERROR load balancer: PENDING_DELETE (and its children too when cascading) until the agent
    /// has removed it from the device; then the device is unwired, the claim released and the load balancer is gone.
    /// As in Octavia, a load balancer with listeners or pools is deleted only with <paramref name="cascade"/>.
    /// </summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="cascade">Whether to delete the listeners, pools, members and health monitors with it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the deletion is handed to the agent.</returns>
    ValueTask DeleteLoadBalancerAsync(CallerContext caller, string id, bool cascade = false, CancellationToken cancellationToken = default);

    /// <summary>Explains where a load balancer was placed and why (admin only): one result per device, with scores and every rejection.</summary>
    /// <param name="caller">Who is calling; must be an admin.</param>
    /// <param name="loadBalancerId">The load balancer.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The placement results, in placement order.</returns>
    ValueTask<IReadOnlyList<PlacementResult>> GetPlacementAsync(CallerContext caller, string loadBalancerId, CancellationToken cancellationToken = default);

    /// <summary>The configured providers.</summary>
    /// <returns>The providers, in configuration order.</returns>
    IReadOnlyList<LoadBalancerProvider> ListProviders();

    /// <summary>The configured flavors, enabled or not.</summary>
    /// <returns>The flavors, in configuration order.</returns>
    IReadOnlyList<LoadBalancerFlavor> ListFlavors();

    /// <summary>Creates a listener on an ACTIVE load balancer, which goes PENDING_UPDATE until the agent reports.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="request">The attributes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The listener, PENDING_CREATE.</returns>
    ValueTask<Listener> CreateListenerAsync(CallerContext caller, ListenerCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a listener.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The listener.</returns>
    ValueTask<Listener> GetListenerAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);

    /// <summary>Lists the listeners the caller can see, optionally of one load balancer.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="loadBalancerId">Only this load balancer's, or null for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The listeners, oldest first.</returns>
    ValueTask<IReadOnlyList<Listener>> ListListenersAsync(CallerContext caller, string? loadBalancerId = null, CancellationToken cancellationToken = default);

    /// <summary>Updates a listener; the load balancer must be ACTIVE. Both go PENDING_UPDATE until the agent reports.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The listener, PENDING_UPDATE.</returns>
    ValueTask<Listener> UpdateListenerAsync(CallerContext caller, string id, ListenerUpdateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a listener (ACTIVE or ERROR) of an ACTIVE load balancer: PENDING_DELETE until the agent reports, then gone; pools it used as default pool stay.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the deletion is handed to the agent.</returns>
    ValueTask DeleteListenerAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);

    /// <summary>Creates a pool on an ACTIVE load balancer, which goes PENDING_UPDATE until the agent reports.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="request">The attributes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The pool, PENDING_CREATE.</returns>
    ValueTask<LoadBalancerPool> CreatePoolAsync(CallerContext caller, PoolCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a pool.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The pool.</returns>
    ValueTask<LoadBalancerPool> GetPoolAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);

    /// <summary>Lists the pools the caller can see, optionally of one load balancer.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="loadBalancerId">Only this load balancer's, or null for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The pools, oldest first.</returns>
    ValueTask<IReadOnlyList<LoadBalancerPool>> ListPoolsAsync(CallerContext caller, string? loadBalancerId = null, CancellationToken cancellationToken = default);

    /// <summary>Updates a pool; the load balancer must be ACTIVE. Both go PENDING_UPDATE until the agent reports.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The pool, PENDING_UPDATE.</returns>
    ValueTask<LoadBalancerPool> UpdatePoolAsync(CallerContext caller, string id, PoolUpdateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a pool (ACTIVE or ERROR) of an ACTIVE load balancer: PENDING_DELETE until the agent reports, then gone with its members and health monitor.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the deletion is handed to the agent.</returns>
    ValueTask DeletePoolAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);

    /// <summary>Creates a member on an ACTIVE load balancer, which goes PENDING_UPDATE until the agent reports.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="request">The attributes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The member, PENDING_CREATE.</returns>
    ValueTask<Member> CreateMemberAsync(CallerContext caller, MemberCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a member.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The member.</returns>
    ValueTask<Member> GetMemberAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);

    /// <summary>Lists the members the caller can see, optionally of one pool.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="poolId">Only this pool's, or null for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The members, oldest first.</returns>
    ValueTask<IReadOnlyList<Member>> ListMembersAsync(CallerContext caller, string? poolId = null, CancellationToken cancellationToken = default);

    /// <summary>Updates a member; the load balancer must be ACTIVE. Both go PENDING_UPDATE until the agent reports.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The member, PENDING_UPDATE.</returns>
    ValueTask<Member> UpdateMemberAsync(CallerContext caller, string id, MemberUpdateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a member (ACTIVE or ERROR) of an ACTIVE load balancer: PENDING_DELETE until the agent reports, then gone.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the deletion is handed to the agent.</returns>
    ValueTask DeleteMemberAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);

    /// <summary>Creates a health monitor on an ACTIVE load balancer, which goes PENDING_UPDATE until the agent reports.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="request">The attributes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The health monitor, PENDING_CREATE.</returns>
    ValueTask<HealthMonitor> CreateHealthMonitorAsync(CallerContext caller, HealthMonitorCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a health monitor.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The health monitor.</returns>
    ValueTask<HealthMonitor> GetHealthMonitorAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);

    /// <summary>Lists the health monitors the caller can see, optionally of one pool.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="poolId">Only this pool's, or null for all.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The health monitors, oldest first.</returns>
    ValueTask<IReadOnlyList<HealthMonitor>> ListHealthMonitorsAsync(CallerContext caller, string? poolId = null, CancellationToken cancellationToken = default);

    /// <summary>Updates a health monitor; the load balancer must be ACTIVE. Both go PENDING_UPDATE until the agent reports.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The health monitor, PENDING_UPDATE.</returns>
    ValueTask<HealthMonitor> UpdateHealthMonitorAsync(CallerContext caller, string id, HealthMonitorUpdateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a health monitor (ACTIVE or ERROR) of an ACTIVE load balancer: PENDING_DELETE until the agent reports, then gone.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the deletion is handed to the agent.</returns>
    ValueTask DeleteHealthMonitorAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);
}
