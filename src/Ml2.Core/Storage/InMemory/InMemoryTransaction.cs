namespace Ml2.Storage.InMemory;

/// <summary>
/// A transaction of <see cref="InMemoryMl2Store"/>. A read-write transaction holds the store's write lock from begin
/// to commit or dispose, so writers are serialised; its row writes (journal included) stay private until commit, and its pool changes
/// are undone on rollback.
/// </summary>
internal sealed class InMemoryTransaction : IMl2Transaction
{
    private readonly InMemoryMl2Store _store;
    private InMemoryNetworkRepository? _networks;
    private InMemorySubnetRepository? _subnets;
    private InMemoryPortRepository? _ports;
    private InMemoryPoolRepository? _pools;
    private InMemoryDriverDataRepository? _driverData;
    private InMemoryJournalRepository? _journal;
    private bool _completed;

    public InMemoryTransaction(InMemoryMl2Store store, bool readOnly)
    {
        _store = store;
        IsReadOnly = readOnly;
    }

    public bool IsReadOnly { get; }

    public INetworkRepository Networks => _networks ??= new InMemoryNetworkRepository(_store.NetworkTable, this);

    public ISubnetRepository Subnets => _subnets ??= new InMemorySubnetRepository(_store.SubnetTable, this);

    public IPortRepository Ports => _ports ??= new InMemoryPortRepository(_store.PortTable, this);

    public IIdPoolRepository Pools => _pools ??= new InMemoryPoolRepository(_store.Pools, _store.CommittedPools, _store.Random, this);

    public IDriverDataRepository DriverData => _driverData ??= new InMemoryDriverDataRepository(_store.DriverData, this);

    public IJournalRepository Journal => _journal ??= new InMemoryJournalRepository(_store.Journal, this);

    public ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfCompleted();
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsReadOnly)
        {
            lock (_store.CommitLock)
            {
                _networks?.ApplyTo();
                _subnets?.ApplyTo();
                _ports?.ApplyTo();
                _driverData?.ApplyTo();
                _journal?.ApplyTo();
            }

            if (_pools is not null)
            {
                lock (_store.Pools)
                {
                    _store.CommittedPools.Clear();
                }
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
                if (_pools is not null)
                {
                    lock (_store.Pools)
                    {
                        _pools.Rollback();
                        _store.CommittedPools.Clear();
                    }
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
