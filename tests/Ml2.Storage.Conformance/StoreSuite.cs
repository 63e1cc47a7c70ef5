namespace Ml2.Storage.Conformance;

/// <summary>
/// The base of every conformance suite: a fresh database and one host over it per test, plus helpers to run a
/// committed or read-only transaction.
/// </summary>
public abstract class StoreSuite(StoreTarget target) : IAsyncLifetime
{
    private ConformanceHost? _host;
    private object? _database;

    /// <summary>The store under test.</summary>
    protected StoreTarget Target { get; } = target;

    /// <summary>The database of this test.</summary>
    protected object Database => _database ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The host of this test.</summary>
    protected ConformanceHost Host => _host ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The store of this test's host.</summary>
    protected IMl2Store Store => Host.Store;

    /// <inheritdoc />
    public virtual async Task InitializeAsync()
    {
        _database = await Target.CreateDatabaseAsync();
        _host = await ConformanceHost.StartAsync(Target, _database, seed: 1);
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>Runs <paramref name="work"/> in a read-write transaction and commits it.</summary>
    protected async Task CommitAsync(Func<IMl2Transaction, ValueTask> work, IMl2Store? store = null)
    {
        await using var tx = await (store ?? Store).BeginTransactionAsync();
        await work(tx);
        await tx.CommitAsync();
    }

    /// <summary>Runs <paramref name="work"/> in a read-write transaction, commits it and returns its result.</summary>
    protected async Task<T> CommitAsync<T>(Func<IMl2Transaction, ValueTask<T>> work, IMl2Store? store = null)
    {
        await using var tx = await (store ?? Store).BeginTransactionAsync();
        var result = await work(tx);
        await tx.CommitAsync();
        return result;
    }

    /// <summary>Reads in a read-only transaction.</summary>
    protected async Task<T> ReadAsync<T>(Func<IMl2Transaction, ValueTask<T>> read, IMl2Store? store = null)
    {
        await using var tx = await (store ?? Store).BeginReadOnlyTransactionAsync();
        return await read(tx);
    }

    /// <summary>Runs <paramref name="work"/> in its own committed transaction, again while the store reports a concurrency conflict.</summary>
    protected async Task<T> CommitWithRetryAsync<T>(Func<IMl2Transaction, ValueTask<T>> work, IMl2Store? store = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CommitAsync(work, store);
            }
            catch (Exceptions.ConcurrencyConflictException) when (attempt < 50)
            {
            }
        }
    }
}
