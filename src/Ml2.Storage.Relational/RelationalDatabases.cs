namespace Ml2.Storage.Relational;

/// <summary>
/// The SQL databases of one container, one <see cref="RelationalDatabase"/> (one connection source) per database:
/// the ML2 and the LBaaS store registrations pointed at the same database (same file, same connection string, same
/// data source) get the same instance, so they share its connections and, on SQLite, its single writer. A singleton;
/// it disposes the databases with the container.
/// </summary>
internal sealed class RelationalDatabases : IAsyncDisposable
{
    private readonly Dictionary<object, RelationalDatabase> _databases = [];
    private readonly Lock _gate = new();

    /// <summary>
    /// The database known by <paramref name="key"/> (a provider-prefixed file path or connection string, or a data
    /// source instance), created with <paramref name="create"/> the first time, with <paramref name="schema"/> required.
    /// </summary>
    public RelationalDatabase Get(object key, Func<RelationalDatabase> create, Migrations.MigrationSet schema)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(create);
        RelationalDatabase database;
        lock (_gate)
        {
            if (!_databases.TryGetValue(key, out database!))
            {
                database = create();
                _databases.Add(key, database);
            }
        }

        database.Require(schema);
        return database;
    }

    /// <summary>How many databases the container has opened (one per key).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _databases.Count;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        RelationalDatabase[] databases;
        lock (_gate)
        {
            databases = [.. _databases.Values];
            _databases.Clear();
        }

        foreach (var database in databases)
        {
            await database.DisposeAsync().ConfigureAwait(false);
        }
    }
}
