using Lbaas;
using Lbaas.Storage;

namespace Ml2.Storage.Relational.Lbaas;

/// <summary>
/// Load balancers and their children: reads of committed objects run in a read-only transaction each; changes run in a
/// <see cref="RelationalLbaasTransaction"/> (the statements are in <see cref="LbaasObjectTable{T}"/>).
/// </summary>
internal sealed partial class RelationalLbaasStateStore
{
    private CommittedReader<LoadBalancer>? _loadBalancers;
    private CommittedReader<Listener>? _listeners;
    private CommittedReader<LoadBalancerPool>? _pools;
    private CommittedReader<Member>? _members;
    private CommittedReader<HealthMonitor>? _healthMonitors;
    private CommittedReader<LoadBalancerPlacementRecord>? _placements;

    public ILbaasObjectReader<LoadBalancer> LoadBalancers => _loadBalancers ??= new(this, LbaasObjectTables.LoadBalancers);

    public ILbaasObjectReader<Listener> Listeners => _listeners ??= new(this, LbaasObjectTables.Listeners);

    public ILbaasObjectReader<LoadBalancerPool> Pools => _pools ??= new(this, LbaasObjectTables.Pools);

    public ILbaasObjectReader<Member> Members => _members ??= new(this, LbaasObjectTables.Members);

    public ILbaasObjectReader<HealthMonitor> HealthMonitors => _healthMonitors ??= new(this, LbaasObjectTables.HealthMonitors);

    public ILbaasObjectReader<LoadBalancerPlacementRecord> Placements => _placements ??= new(this, LbaasObjectTables.Placements);

    public async ValueTask<ILbaasTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) =>
        new RelationalLbaasTransaction(Database, await Database.BeginAsync(readOnly: false, cancellationToken).ConfigureAwait(false));

    /// <summary>One object table's committed objects, each read in its own read-only transaction.</summary>
    private sealed class CommittedReader<T>(RelationalLbaasStateStore store, LbaasObjectTable<T> table) : ILbaasObjectReader<T>
        where T : class
    {
        public ValueTask<T?> FindAsync(string id, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(id);
            return store.RunAsync(readOnly: true, session => table.FindAsync(session, id, cancellationToken), cancellationToken);
        }

        public ValueTask<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default) =>
            store.RunAsync(readOnly: true, session => table.ListAsync(session, cancellationToken), cancellationToken);
    }
}
