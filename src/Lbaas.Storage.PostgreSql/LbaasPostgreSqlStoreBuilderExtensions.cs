using Lbaas.Storage.PostgreSql;
using Lbaas.Storage.Relational;
using Ml2.Storage.PostgreSql;
using Ml2.Storage.Relational;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts LBaaS state in a PostgreSQL database that several controller instances may share.</summary>
public static class LbaasPostgreSqlStoreBuilderExtensions
{
    /// <summary>
    /// Keeps the LBaaS state in a PostgreSQL database. The LBaaS tables are created or brought up to date by the first
    /// transaction (history <c>lbaas_schema_migrations</c>; a database made by an SDK that kept one history for ML2 and
    /// LBaaS is taken over as it is), under an advisory lock; a database written by a newer SDK is refused with
    /// <see cref="SchemaVersionException"/>. With the ML2 store's connection string, both stores share one data source.
    /// Device passwords are stored encrypted with the key ring of <c>lbaas:credential_key_ring_directory</c> (shared by
    /// every controller instance); without one, storing a password is refused.
    /// </summary>
    /// <param name="builder">The LBaaS builder.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or malformed.</exception>
    public static ILbaasBuilder UsePostgreSqlStore(this ILbaasBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Register(builder, PostgreSqlDatabaseSpec.Of(connectionString));
        return builder;
    }

    /// <summary>Keeps the LBaaS state in the PostgreSQL database of <paramref name="dataSource"/> (owned by the caller, not disposed by the store; shared with an ML2 store given the same data source).</summary>
    /// <param name="builder">The LBaaS builder.</param>
    /// <param name="dataSource">The data source.</param>
    /// <returns>The builder.</returns>
    public static ILbaasBuilder UsePostgreSqlStore(this ILbaasBuilder builder, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        Register(builder, PostgreSqlDatabaseSpec.Of(dataSource));
        return builder;
    }

    private static void Register(ILbaasBuilder builder, PostgreSqlDatabaseSpec spec) =>
        LbaasRelationalRegistration.Register(builder.Services, spec.Key, spec.Create, PostgreSqlLbaasMigrations.Lbaas);
}
