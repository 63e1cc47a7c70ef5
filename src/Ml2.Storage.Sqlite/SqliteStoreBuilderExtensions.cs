using Ml2.Storage.Relational;
using Ml2.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts ML2 state in a SQLite file.</summary>
public static class SqliteStoreBuilderExtensions
{
    /// <summary>
    /// Keeps all state - ML2 and, when LBaaS is composed, LBaaS - in one SQLite file (WAL, busy timeout, foreign keys on). The schema is created or brought up
    /// to date by the first transaction; a file written by a newer SDK is refused with <see cref="SchemaVersionException"/>.
    /// Device passwords are stored encrypted, with the key ring of <c>lbaas:credential_key_ring_directory</c>, or else
    /// one kept next to the file (<c>&lt;file&gt;.keys</c>, with a warning logged).
    /// </summary>
    /// <param name="builder">The ML2 builder.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file, e.g. <c>Data Source=ml2.db</c>.</param>
    /// <param name="configure">Tunes the busy timeout, durability and reader connections.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or names an in-memory database.</exception>
    public static IMl2Builder UseSqliteStore(this IMl2Builder builder, string connectionString, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Register(builder.Services, connectionString, configure);
        return builder;
    }

    /// <summary>
    /// Keeps the LBaaS state (load balancers, devices with their credentials, claims, agents) in the SQLite file too.
    /// <see cref="UseSqliteStore(IMl2Builder, string, Action{SqliteStoreOptions}?)"/> already does this; call this one
    /// when you compose LBaaS separately, with the same connection string (the last call decides the file).
    /// </summary>
    /// <param name="builder">The LBaaS builder.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file.</param>
    /// <param name="configure">Tunes the busy timeout, durability and reader connections.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or names an in-memory database.</exception>
    public static ILbaasBuilder UseSqliteStore(this ILbaasBuilder builder, string connectionString, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Register(builder.Services, connectionString, configure);
        return builder;
    }

    private static void Register(IServiceCollection services, string connectionString, Action<SqliteStoreOptions>? configure)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException($"Invalid SQLite connection string '{connectionString}': it must name a file, e.g. 'Data Source=ml2.db'.", nameof(connectionString));
        }

        var options = new SqliteStoreOptions();
        configure?.Invoke(options);
        var normalized = SqliteConnectionSource.Normalize(connectionString);
        // Without a configured key ring, device passwords are encrypted with one kept next to the file (logged as a warning).
        var keyRing = Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(normalized).DataSource) + ".keys";
        RelationalRegistration.Register(
            services,
            sp => new RelationalDatabase(new SqliteDialect(), new SqliteConnectionSource(normalized, options), sp.GetService<TimeProvider>() ?? TimeProvider.System),
            keyRing);
    }
}
