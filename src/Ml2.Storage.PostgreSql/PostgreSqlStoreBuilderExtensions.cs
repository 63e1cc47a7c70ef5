using Ml2.Storage.PostgreSql;
using Ml2.Storage.Relational;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Puts ML2 state in a PostgreSQL database that several controller instances may share (LBaaS state:
/// <c>UsePostgreSqlStore</c> on the LBaaS builder, Lbaas.Storage.PostgreSql).
/// </summary>
public static class PostgreSqlStoreBuilderExtensions
{
    /// <summary>
    /// Keeps the ML2 state in a PostgreSQL database. The ML2 tables are created or brought up to date by the first
    /// transaction (history <c>ml2_schema_migrations</c>), under an advisory lock, so instances starting together do
    /// not race; a database written by a newer SDK is refused with <see cref="SchemaVersionException"/>. Statements are
    /// auto-prepared unless the connection string sets <c>Max Auto Prepare</c>. LBaaS state goes to the same database
    /// only when the LBaaS builder asks for it too (Lbaas.Storage.PostgreSql); with the same connection string both
    /// share one data source.
    /// </summary>
    /// <param name="builder">The ML2 builder.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or malformed.</exception>
    public static IMl2Builder UsePostgreSqlStore(this IMl2Builder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Register(builder.Services, PostgreSqlDatabaseSpec.Of(connectionString));
        return builder;
    }

    /// <summary>Keeps the ML2 state in the PostgreSQL database of <paramref name="dataSource"/> (owned by the caller, not disposed by the store).</summary>
    /// <param name="builder">The ML2 builder.</param>
    /// <param name="dataSource">The data source.</param>
    /// <returns>The builder.</returns>
    public static IMl2Builder UsePostgreSqlStore(this IMl2Builder builder, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        Register(builder.Services, PostgreSqlDatabaseSpec.Of(dataSource));
        return builder;
    }

    private static void Register(IServiceCollection services, PostgreSqlDatabaseSpec spec) =>
        RelationalRegistration.Register(services, spec.Key, spec.Create, PostgreSqlMigrations.Ml2);
}
