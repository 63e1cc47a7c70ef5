using Microsoft.Extensions.DependencyInjection;
using Ml2.Storage.Relational;
using Npgsql;

namespace Ml2.Storage.PostgreSql;

/// <summary>
/// A PostgreSQL database as the stores of both features name it: the key that makes them share one
/// <see cref="RelationalDatabase"/> (the normalised connection string, or the data source instance) and how to open it.
/// </summary>
/// <param name="Key">The database's key in <see cref="RelationalDatabases"/>.</param>
/// <param name="Connections">Opens the connection source (once per container and database).</param>
internal sealed record PostgreSqlDatabaseSpec(object Key, Func<PostgreSqlConnectionSource> Connections)
{
    /// <summary>A database of the caller's data source (not disposed by the store).</summary>
    public static PostgreSqlDatabaseSpec Of(NpgsqlDataSource dataSource) =>
        new(dataSource, () => new PostgreSqlConnectionSource(dataSource, ownsDataSource: false));

    /// <summary>Opens the database (the first store of the container that needs it calls this).</summary>
    public RelationalDatabase Create(IServiceProvider services) =>
        new(new PostgreSqlDialect(), Connections(), services.GetService<TimeProvider>() ?? TimeProvider.System);

    /// <summary>Checks and normalises <paramref name="connectionString"/>: auto-prepare on, no reset on close unless asked for.</summary>
    /// <exception cref="ArgumentException">The connection string is empty or malformed.</exception>
    public static PostgreSqlDatabaseSpec Of(string connectionString)
    {
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
        return new PostgreSqlDatabaseSpec("postgresql:" + normalized, () => new PostgreSqlConnectionSource(NpgsqlDataSource.Create(normalized), ownsDataSource: true));
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
