using Ml2.Storage.Relational;
using Ml2.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts ML2 state in a SQLite file (LBaaS state: <c>UseSqliteStore</c> on the LBaaS builder, Lbaas.Storage.Sqlite).</summary>
public static class SqliteStoreBuilderExtensions
{
    /// <summary>
    /// Keeps the ML2 state in a SQLite file (WAL, busy timeout, foreign keys on). The ML2 tables are created or brought
    /// up to date by the first transaction (history <c>ml2_schema_migrations</c>); a file written by a newer SDK is
    /// refused with <see cref="SchemaVersionException"/>. LBaaS state goes to the same file only when the LBaaS builder
    /// asks for it too (<c>AddLbaas().UseSqliteStore(...)</c> in Lbaas.Storage.Sqlite); both then share the file's
    /// connections and its single writer, opened with the options of whichever store is resolved first.
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

    private static void Register(IServiceCollection services, string connectionString, Action<SqliteStoreOptions>? configure)
    {
        var spec = SqliteDatabaseSpec.Of(connectionString, configure);
        RelationalRegistration.Register(services, spec.Key, spec.Create, SqliteMigrations.Ml2);
    }
}
