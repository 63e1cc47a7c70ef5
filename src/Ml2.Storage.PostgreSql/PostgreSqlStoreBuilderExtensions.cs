using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2;
using Ml2.Storage;
using Ml2.Storage.PostgreSql;
using Ml2.Storage.Relational;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Puts ML2 state in a PostgreSQL database that several controller instances may share.</summary>
public static class PostgreSqlStoreBuilderExtensions
{
    /// <summary>
    /// Keeps all state in a PostgreSQL database. The schema is created or brought up to date by the first transaction,
    /// under an advisory lock, so instances starting together do not race; a database written by a newer SDK is
    /// refused with <see cref="SchemaVersionException"/>. Statements are auto-prepared unless the connection string
    /// sets <c>Max Auto Prepare</c>.
    /// </summary>
    /// <param name="builder">The ML2 builder.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or malformed.</exception>
    public static IMl2Builder UsePostgreSqlStore(this IMl2Builder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Invalid PostgreSQL connection string '{Redact(connectionString)}': {ex.Message}", nameof(connectionString), ex);
        }

        if (string.IsNullOrWhiteSpace(connectionString) || string.IsNullOrEmpty(settings.Host))
        {
            throw new ArgumentException($"Invalid PostgreSQL connection string '{Redact(connectionString)}': it must name a Host.", nameof(connectionString));
        }

        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 64;
        }

        // A pooled connection is reset when it goes back to the pool (RESET ALL, UNLISTEN *, pg_advisory_unlock_all,
        // DISCARD SEQUENCES / TEMP, sent with the next statement). The store leaves no session state behind - every
        // statement runs in a transaction, isolation is per transaction, the migration lock is transaction-scoped -
        // and drivers must not change the connection's state (IRelationalTransaction), so the reset is skipped unless
        // the connection string asks for it. Measured: ~10% more create_port/s with two instances on 2 cores.
        if (!Mentions(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            settings.NoResetOnClose = true;
        }

        var normalized = settings.ConnectionString;
        return Register(builder, _ => new PostgreSqlConnectionSource(NpgsqlDataSource.Create(normalized), ownsDataSource: true));
    }

    /// <summary>Keeps all state in the PostgreSQL database of <paramref name="dataSource"/> (owned by the caller, not disposed by the store).</summary>
    /// <param name="builder">The ML2 builder.</param>
    /// <param name="dataSource">The data source.</param>
    /// <returns>The builder.</returns>
    public static IMl2Builder UsePostgreSqlStore(this IMl2Builder builder, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        return Register(builder, _ => new PostgreSqlConnectionSource(dataSource, ownsDataSource: false));
    }

    private static IMl2Builder Register(IMl2Builder builder, Func<IServiceProvider, PostgreSqlConnectionSource> connections)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton(sp =>
            new RelationalDatabase(new PostgreSqlDialect(), connections(sp), sp.GetService<TimeProvider>() ?? TimeProvider.System)));
        builder.Services.Replace(ServiceDescriptor.Singleton<IMl2Store>(sp =>
            new RelationalMl2Store(sp.GetRequiredService<RelationalDatabase>(), sp.GetRequiredService<IRandomSource>())));
        return builder;
    }

    /// <summary>Whether the connection string sets one of <paramref name="keywords"/> (Npgsql's builder reports every keyword as present).</summary>
    private static bool Mentions(string connectionString, params string[] keywords)
    {
        var raw = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keywords.Any(raw.ContainsKey);
    }

    /// <summary>The connection string without its password, for error messages.</summary>
    private static string Redact(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return connectionString ?? "";
        }

        try
        {
            var settings = new NpgsqlConnectionStringBuilder(connectionString);
            if (settings.Password is not null)
            {
                settings.Password = "***";
            }

            return settings.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparseable)";
        }
    }
}
