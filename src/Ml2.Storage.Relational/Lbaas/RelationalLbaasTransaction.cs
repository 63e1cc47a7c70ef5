using Lbaas;
using Lbaas.Storage;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Relational.Lbaas;

/// <summary>
/// A database transaction over the LBaaS objects: its repositories run their statements in it; disposing it without
/// commit rolls every row back.
/// </summary>
internal sealed class RelationalLbaasTransaction : ILbaasTransaction
{
    private readonly RelationalDatabase _database;
    private readonly SqlSession _session;
    private bool _completed;
    private Repository<LoadBalancer>? _loadBalancers;
    private Repository<Listener>? _listeners;
    private Repository<LoadBalancerPool>? _pools;
    private Repository<Member>? _members;
    private Repository<HealthMonitor>? _healthMonitors;
    private Repository<LoadBalancerPlacementRecord>? _placements;

    public RelationalLbaasTransaction(RelationalDatabase database, SqlSession session)
    {
        _database = database;
        _session = session;
    }

    public ILbaasObjectRepository<LoadBalancer> LoadBalancers => _loadBalancers ??= new(this, LbaasObjectTables.LoadBalancers);

    public ILbaasObjectRepository<Listener> Listeners => _listeners ??= new(this, LbaasObjectTables.Listeners);

    public ILbaasObjectRepository<LoadBalancerPool> Pools => _pools ??= new(this, LbaasObjectTables.Pools);

    public ILbaasObjectRepository<Member> Members => _members ??= new(this, LbaasObjectTables.Members);

    public ILbaasObjectRepository<HealthMonitor> HealthMonitors => _healthMonitors ??= new(this, LbaasObjectTables.HealthMonitors);

    public ILbaasObjectRepository<LoadBalancerPlacementRecord> Placements => _placements ??= new(this, LbaasObjectTables.Placements);

    /// <summary>The statement runner; refuses once the transaction is completed.</summary>
    private SqlSession Session
    {
        get
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            return _session;
        }
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        cancellationToken.ThrowIfCancellationRequested();
        _completed = true;
        await _database.CompleteAsync(_session, commit: true, readOnly: false, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        if (_completed)
        {
            return default;
        }

        _completed = true;
        return _database.CompleteAsync(_session, commit: false, readOnly: false, CancellationToken.None);
    }

    /// <summary>One object table inside this transaction.</summary>
    private sealed class Repository<T>(RelationalLbaasTransaction tx, LbaasObjectTable<T> table) : ILbaasObjectRepository<T>
        where T : class
    {
        public ValueTask<T?> FindAsync(string id, CancellationToken cancellationToken = default) => table.FindAsync(tx.Session, id, cancellationToken);

        public ValueTask<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default) => table.ListAsync(tx.Session, cancellationToken);

        public ValueTask<T> AddAsync(T value, CancellationToken cancellationToken = default) => table.AddAsync(tx.Session, value, cancellationToken);

        public ValueTask<T> UpdateAsync(T value, CancellationToken cancellationToken = default) => table.UpdateAsync(tx.Session, value, cancellationToken);

        public ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken = default) => table.RemoveAsync(tx.Session, id, cancellationToken);
    }
}
