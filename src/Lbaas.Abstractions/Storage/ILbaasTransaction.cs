namespace Lbaas.Storage;

/// <summary>
/// An open transaction over the LBaaS objects (<see cref="ILbaasObjectStore.BeginTransactionAsync"/>): one typed
/// repository per object table and <see cref="CommitAsync"/>. Either everything written through it is committed, or,
/// when it is disposed without <see cref="CommitAsync"/>, nothing is. Readers outside it see only committed state.
/// Transactions that read and then update the same load balancer cannot both commit: the load balancer's revision is
/// compare-and-set (see <see cref="ILbaasObjectRepository{T}.UpdateAsync"/>), and the loser gets
/// <see cref="Ml2.Exceptions.ConcurrencyConflictException"/>; callers re-run the whole transaction. A store may also
/// serialise transactions entirely (the in-memory store does), so keep one short and do no other I/O inside it.
/// </summary>
public interface ILbaasTransaction : IAsyncDisposable
{
    /// <summary>Load balancers (type key <c>loadbalancer</c>); updates compare-and-set the revision.</summary>
    ILbaasObjectRepository<LoadBalancer> LoadBalancers { get; }

    /// <summary>Listeners (type key <c>listener</c>).</summary>
    ILbaasObjectRepository<Listener> Listeners { get; }

    /// <summary>Pools (type key <c>pool</c>).</summary>
    ILbaasObjectRepository<LoadBalancerPool> Pools { get; }

    /// <summary>Members (type key <c>member</c>).</summary>
    ILbaasObjectRepository<Member> Members { get; }

    /// <summary>Health monitors (type key <c>healthmonitor</c>).</summary>
    ILbaasObjectRepository<HealthMonitor> HealthMonitors { get; }

    /// <summary>Placement records (type key <c>placement</c>), keyed by their load balancer's id.</summary>
    ILbaasObjectRepository<LoadBalancerPlacementRecord> Placements { get; }

    /// <summary>
    /// Makes every change of this transaction durable and visible at once. The transaction cannot be used afterwards.
    /// </summary>
    /// <param name="cancellationToken">Cancels the commit before it starts (then nothing is kept).</param>
    /// <returns>A task that completes when the changes are committed.</returns>
    /// <exception cref="Ml2.Exceptions.ConcurrencyConflictException">The database refused the commit because of a concurrent transaction.</exception>
    ValueTask CommitAsync(CancellationToken cancellationToken = default);
}
