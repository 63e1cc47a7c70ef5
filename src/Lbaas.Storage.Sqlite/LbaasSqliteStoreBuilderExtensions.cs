using Lbaas.Storage.Relational;
using Lbaas.Storage.Sqlite;
using Ml2.Storage.Relational;
using Ml2.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts LBaaS state in a SQLite file.</summary>
public static class LbaasSqliteStoreBuilderExtensions
{
    /// <summary>
    /// Keeps the LBaaS state (load balancers, devices with their credentials, claims, agents, leases) in a SQLite file
    /// (WAL, busy timeout, foreign keys on). The LBaaS tables are created or brought up to date by the first transaction
    /// (history <c>lbaas_schema_migrations</c>; a file made by an SDK that kept one history for ML2 and LBaaS is taken
    /// over as it is); a file written by a newer SDK is refused with <see cref="SchemaVersionException"/>. Pointed at the
    /// file of the ML2 store (<c>AddMl2().UseSqliteStore(...)</c>), both stores share its connections and its single
    /// writer. Device passwords are stored encrypted, with the key ring of <c>lbaas:credential_key_ring_directory</c>, or
    /// else one kept next to the file (<c>&lt;file&gt;.keys</c>, with a warning logged).
    /// </summary>
    /// <param name="builder">The LBaaS builder.</param>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string naming a file, e.g. <c>Data Source=ml2.db</c>.</param>
    /// <param name="configure">Tunes the busy timeout, durability and reader connections (of a file the ML2 store opens first: its settings apply).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or names an in-memory database.</exception>
    public static ILbaasBuilder UseSqliteStore(this ILbaasBuilder builder, string connectionString, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var spec = SqliteDatabaseSpec.Of(connectionString, configure);
        LbaasRelationalRegistration.Register(builder.Services, spec.Key, spec.Create, SqliteLbaasMigrations.Lbaas, spec.CredentialKeyRing);
        return builder;
    }
}
