using Microsoft.Extensions.DependencyInjection;
using Ml2.Storage.Relational;

namespace Ml2.Storage.Sqlite;

/// <summary>
/// A SQLite file as the stores of both features name it: the key that makes them share one
/// <see cref="RelationalDatabase"/> (the file's full path), how to open it, and the default key ring of the LBaaS
/// store's device passwords (next to the file).
/// </summary>
/// <param name="Key">The database's key in <see cref="RelationalDatabases"/>.</param>
/// <param name="CredentialKeyRing">Where the LBaaS store keeps its key ring when the host configures none: <c>&lt;file&gt;.keys</c>.</param>
/// <param name="Create">Opens the database (the first store of the container that needs it calls this).</param>
internal sealed record SqliteDatabaseSpec(string Key, string CredentialKeyRing, Func<IServiceProvider, RelationalDatabase> Create)
{
    /// <summary>Checks and normalises <paramref name="connectionString"/>.</summary>
    /// <exception cref="ArgumentException">The connection string is empty or names an in-memory database.</exception>
    public static SqliteDatabaseSpec Of(string connectionString, Action<SqliteStoreOptions>? configure)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException($"Invalid SQLite connection string '{connectionString}': it must name a file, e.g. 'Data Source=ml2.db'.", nameof(connectionString));
        }

        var options = new SqliteStoreOptions();
        configure?.Invoke(options);
        var normalized = SqliteConnectionSource.Normalize(connectionString);
        var file = Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(normalized).DataSource);
        return new SqliteDatabaseSpec(
            "sqlite:" + file,
            file + ".keys",
            sp => new RelationalDatabase(new SqliteDialect(), new SqliteConnectionSource(normalized, options), sp.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}
