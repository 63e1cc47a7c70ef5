namespace Lbaas.Storage.TestKit;

/// <summary>
/// The base of the LBaaS conformance suite: a fresh database and one host over it per test. Derive it for tests of
/// your own that need the same set-up.
/// </summary>
/// <typeparam name="TDatabase">What names one database of the store (see <see cref="LbaasStoreTarget{TDatabase}"/>).</typeparam>
/// <param name="target">The store under test.</param>
public abstract class LbaasStoreSuite<TDatabase>(LbaasStoreTarget<TDatabase> target) : IAsyncLifetime
    where TDatabase : notnull
{
    private LbaasConformanceHost? _host;
    private TDatabase? _database;
    private bool _created;

    /// <summary>The store under test.</summary>
    protected LbaasStoreTarget<TDatabase> Target { get; } = target;

    /// <summary>The database of this test.</summary>
    protected TDatabase Database => _created ? _database! : throw new InvalidOperationException("Not initialised.");

    /// <summary>The host of this test.</summary>
    protected LbaasConformanceHost Host => _host ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The object store of this test's host.</summary>
    protected ILbaasObjectStore Objects => Host.Objects;

    /// <summary>The device store of this test's host.</summary>
    protected IDeviceStore Devices => Host.Devices;

    /// <summary>The agent store of this test's host.</summary>
    protected IAgentStore Agents => Host.Agents;

    /// <summary>The lease store of this test's host.</summary>
    protected ILeaseStore Leases => Host.Leases;

    /// <inheritdoc />
    public virtual async Task InitializeAsync()
    {
        _database = await Target.CreateDatabaseAsync();
        _created = true;
        _host = await LbaasConformanceHost.StartAsync(Target, _database);
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
