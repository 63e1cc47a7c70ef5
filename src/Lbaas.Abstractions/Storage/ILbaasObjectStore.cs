namespace Lbaas.Storage;

/// <summary>
/// The durable LBaaS objects, the source of truth for every controller instance that shares them: load balancers and
/// their children (listeners, pools, members, health monitors) with their placement explanations. Every change happens
/// in an <see cref="ILbaasTransaction"/>; the readers here see committed state only. Devices and claims, agents and
/// leases have their own contracts (<see cref="IDeviceStore"/>, <see cref="IAgentStore"/>, <see cref="ILeaseStore"/>);
/// one object may implement several of them (the SQL store implements all four over one database).
/// </summary>
/// <remarks>
/// <para>
/// Designed for one SQL table, each repository method a simple statement:
/// <c>lbaas_objects(type, id, seq, revision, body json)</c> (primary key <c>(type, id)</c>; <c>type</c> is the table's
/// key: <c>loadbalancer</c>, <c>listener</c>, <c>pool</c>, <c>member</c>, <c>healthmonitor</c> or <c>placement</c>;
/// <c>seq</c> an ever-increasing insertion number). Bodies are serialised with <see cref="LbaasStoredTypes.JsonOptions"/>;
/// every stored type round-trips through it.
/// </para>
/// <para>Errors: the exceptions named on the members are from <c>Ml2.Exceptions</c>; anything else is an infrastructure failure.</para>
/// </remarks>
public interface ILbaasObjectStore
{
    /// <summary>Committed load balancers.</summary>
    ILbaasObjectReader<LoadBalancer> LoadBalancers { get; }

    /// <summary>Committed listeners.</summary>
    ILbaasObjectReader<Listener> Listeners { get; }

    /// <summary>Committed pools.</summary>
    ILbaasObjectReader<LoadBalancerPool> Pools { get; }

    /// <summary>Committed members.</summary>
    ILbaasObjectReader<Member> Members { get; }

    /// <summary>Committed health monitors.</summary>
    ILbaasObjectReader<HealthMonitor> HealthMonitors { get; }

    /// <summary>Committed placement records, keyed by their load balancer's id.</summary>
    ILbaasObjectReader<LoadBalancerPlacementRecord> Placements { get; }

    /// <summary>
    /// Begins a read-write transaction (one database transaction). Dispose it without
    /// <see cref="ILbaasTransaction.CommitAsync"/> to roll back.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait for the transaction.</param>
    /// <returns>The open transaction.</returns>
    ValueTask<ILbaasTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default);
}
