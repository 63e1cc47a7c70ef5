namespace Ml2.Storage.InMemory;

/// <summary>
/// A transaction of <see cref="InMemoryMl2Store"/>. A read-write transaction holds the store's write lock from begin
/// to commit or dispose, so writers are serialised; its row writes stay private until commit, and its pool changes
/// are undone on rollback.
/// </summary>
internal sealed class InMemoryTransaction : IMl2Transaction
{
    private readonly InMemoryMl2Store _store;
    private readonly InMemoryNetworkRepository _networks;
    private readonly InMemorySubnetRepository _subnets;
    private readonly InMemoryPortRepository _ports;
    private readonly InMemoryPoolRepository _pools;
    private readonly InMemoryDriverDataRepository _driverData;
    private bool _completed;

    public InMemoryTransaction(InMemoryMl2Store store, bool readOnly)
    {
        _store = store;
        IsReadOnly = readOnly;
        _networks = new InMemoryNetworkRepository(store.NetworkTable, this);
        _subnets = new InMemorySubnetRepository(store.SubnetTable, this);
        _ports = new InMemoryPortRepository(store.PortTable, this);
        _pools = new InMemoryPoolRepository(store.Pools, store.CommittedPools, store.Random, this);
        _driverData = new InMemoryDriverDataRepository(store.DriverData, this);
    }

    public bool IsReadOnly { get; }

    public INetworkRepository Networks => _networks;

    public ISubnetRepository Subnets => _subnets;

    public IPortRepository Ports => _ports;

    public IIdPoolRepository Pools => _pools;

    public IDriverDataRepository DriverData => _driverData;

    public ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfCompleted();
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsReadOnly)
        {
            lock (_store.CommitLock)
            {
                _networks.ApplyTo();
                _subnets.ApplyTo();
                _ports.ApplyTo();
                _driverData.ApplyTo();
            }

            lock (_store.Pools)
            {
                _store.CommittedPools.Clear();
            }
        }

        Complete();
        return default;
    }

    public ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            if (!IsReadOnly)
            {
                lock (_store.Pools)
                {
                    _pools.Rollback();
                    _store.CommittedPools.Clear();
                }
            }

            Complete();
        }

        return default;
    }

    internal void ThrowIfCompleted() => ObjectDisposedException.ThrowIf(_completed, this);

    internal void ThrowIfReadOnly()
    {
        ThrowIfCompleted();
        if (IsReadOnly)
        {
            throw new InvalidOperationException("This transaction is read-only.");
        }
    }

    private void Complete()
    {
        _completed = true;
        if (!IsReadOnly)
        {
            _store.ReleaseWriteLock();
        }
    }
}
