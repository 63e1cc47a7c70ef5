using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Relational.Migrations;

/// <summary>
/// Brings the schema to the newest version this code knows, in one transaction holding the dialect's migration lock,
/// so two instances starting together apply each step once. A database newer than the code is refused.
/// </summary>
internal static class MigrationRunner
{
    private const string CreateHistory =
        "CREATE TABLE IF NOT EXISTS ml2_schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

    /// <summary>Applies the missing migrations; returns the schema version afterwards.</summary>
    public static async ValueTask<int> MigrateAsync(SqlSession session, TimeProvider time, CancellationToken cancellationToken)
    {
        var migrations = session.Dialect.Migrations;
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        await session.Dialect.LockForMigrationAsync(session, cancellationToken).ConfigureAwait(false);
        await session.ExecuteAsync(CreateHistory, cancellationToken).ConfigureAwait(false);
        var current = (int)(await session.Int64Async("SELECT MAX(version) FROM ml2_schema_migrations", cancellationToken).ConfigureAwait(false) ?? 0);
        if (current > latest)
        {
            throw new SchemaVersionException(current, latest);
        }

        foreach (var migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            foreach (var statement in migration.Statements)
            {
                await session.ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);
            }

            await session.ExecuteAsync(
                "INSERT INTO ml2_schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                cancellationToken,
                new SqlArg("version", migration.Version),
                new SqlArg("name", migration.Name),
                new SqlArg("at", time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture))).ConfigureAwait(false);
            current = migration.Version;
        }

        return current;
    }
}
