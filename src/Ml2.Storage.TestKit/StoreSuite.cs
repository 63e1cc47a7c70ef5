namespace Ml2.Storage.TestKit;

/// <summary>
/// The base of every conformance suite: a fresh database and one host over it per test, plus helpers to run a
/// committed or read-only transaction. Derive it for tests of your own that need the same set-up.
/// </summary>
/// <typeparam name="TDatabase">What names one database of the store (see <see cref="StoreTarget{TDatabase}"/>).</typeparam>
/// <param name="target">The store under test.</param>
public abstract class StoreSuite<TDatabase>(StoreTarget<TDatabase> target) : IAsyncLifetime
    where TDatabase : notnull
{
    private ConformanceHost? _host;
    private TDatabase? _database;
    private bool _created;

    /// <summary>The store under test.</summary>
    protected StoreTarget<TDatabase> Target { get; } = target;

    /// <summary>The database of this test.</summary>
    protected TDatabase Database => _created ? _database! : throw new InvalidOperationException("Not initialised.");

    /// <summary>The host of this test.</summary>
    protected ConformanceHost Host => _host ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The store of this test's host.</summary>
    protected IMl2Store Store => Host.Store;

    /// <inheritdoc />
    public virtual async Task InitializeAsync()
    {
        _database = await Target.CreateDatabaseAsync();
        _created = true;
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
    /// <param name="work">The work.</param>
    /// <param name="store">The store; this test's host's when null.</param>
    /// <returns>A task that completes when the transaction has committed.</returns>
    protected async Task CommitAsync(Func<IMl2Transaction, ValueTask> work, IMl2Store? store = null)
    {
        await using var tx = await (store ?? Store).BeginTransactionAsync();
        await work(tx);
        await tx.CommitAsync();
    }

    /// <summary>Runs <paramref name="work"/> in a read-write transaction, commits it and returns its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The work.</param>
    /// <param name="store">The store; this test's host's when null.</param>
    /// <returns>The result of <paramref name="work"/>.</returns>
    protected async Task<T> CommitAsync<T>(Func<IMl2Transaction, ValueTask<T>> work, IMl2Store? store = null)
    {
        await using var tx = await (store ?? Store).BeginTransactionAsync();
        var result = await work(tx);
        await tx.CommitAsync();
        return result;
    }

    /// <summary>Reads in a read-only transaction.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="read">The read.</param>
    /// <param name="store">The store; this test's host's when null.</param>
    /// <returns>The result of <paramref name="read"/>.</returns>
    protected async Task<T> ReadAsync<T>(Func<IMl2Transaction, ValueTask<T>> read, IMl2Store? store = null)
    {
        await using var tx = await (store ?? Store).BeginReadOnlyTransactionAsync();
        return await read(tx);
    }

    /// <summary>Runs <paramref name="work"/> in its own committed transaction, again while the store reports a concurrency conflict.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The work.</param>
    /// <param name="store">The store; this test's host's when null.</param>
    /// <returns>The result of <paramref name="work"/>.</returns>
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
