using System.Data.Common;
using Ml2.Storage.Relational.Journal;
using Ml2.Storage.Relational.Repositories;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Relational;

/// <summary>
/// A real database transaction seen as an <see cref="IMl2Transaction"/>: repositories run their statements in it,
/// precommit hooks and driver-owned tables share it, and disposing it without commit rolls every row back.
/// </summary>
internal sealed class RelationalTransaction : IMl2Transaction, IRelationalTransaction
{
    private readonly RelationalMl2Store _store;
    private readonly SqlSession _session;
    private RelationalNetworkRepository? _networks;
    private RelationalSubnetRepository? _subnets;
    private RelationalPortRepository? _ports;
    private RelationalPoolRepository? _pools;
    private RelationalDriverDataRepository? _driverData;
    private RelationalJournalRepository? _journal;
    private bool _completed;

    public RelationalTransaction(RelationalMl2Store store, SqlSession session, bool readOnly)
    {
        _store = store;
        _session = session;
        IsReadOnly = readOnly;
    }

    public bool IsReadOnly { get; }

    public INetworkRepository Networks => _networks ??= new RelationalNetworkRepository(this, _store.NetworkSql);

    public ISubnetRepository Subnets => _subnets ??= new RelationalSubnetRepository(this, _store.SubnetSql);

    public IPortRepository Ports => _ports ??= new RelationalPortRepository(this, _store.PortSql);

    public IIdPoolRepository Pools => _pools ??= new RelationalPoolRepository(this, _store.Random, _store.PoolRanges);

    public IDriverDataRepository DriverData => _driverData ??= new RelationalDriverDataRepository(this);

    public IJournalRepository Journal => _journal ??= new RelationalJournalRepository(this);

    public DbConnection Connection => Session.Connection.Connection;

    public DbTransaction Transaction => Session.Transaction;

    public string Provider => _session.Dialect.Provider;

    /// <summary>The statement runner, for reads.</summary>
    internal SqlSession Session
    {
        get
        {
            ThrowIfCompleted();
            return _session;
        }
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfCompleted();
        cancellationToken.ThrowIfCancellationRequested();
        _completed = true;
        await _store.Database.CompleteAsync(_session, commit: true, IsReadOnly, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        if (_completed)
        {
            return default;
        }

        _completed = true;
        return _store.Database.CompleteAsync(_session, commit: false, IsReadOnly, CancellationToken.None);
    }

    /// <summary>The statement runner, for writes: refuses when the transaction is read-only.</summary>
    internal SqlSession WriteSession()
    {
        ThrowIfCompleted();
        if (IsReadOnly)
        {
            throw new InvalidOperationException("This transaction is read-only.");
        }

        return _session;
    }

    internal void ThrowIfCompleted() => ObjectDisposedException.ThrowIf(_completed, this);
}
