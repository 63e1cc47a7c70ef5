using System.Globalization;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Relational.Migrations;

/// <summary>
/// Brings a feature's schema to the newest version this code knows, inside a transaction holding the dialect's
/// migration lock, so two instances starting together apply each step once. A schema newer than the code is refused.
/// </summary>
internal static class MigrationRunner
{
    /// <summary>Takes the migration lock, then applies the missing steps of each set; returns each set's version afterwards.</summary>
    public static async ValueTask<int[]> MigrateAsync(SqlSession session, IReadOnlyList<MigrationSet> sets, TimeProvider time, CancellationToken cancellationToken)
    {
        await session.Dialect.LockForMigrationAsync(session, cancellationToken).ConfigureAwait(false);
        var versions = new int[sets.Count];
        for (var i = 0; i < sets.Count; i++)
        {
            versions[i] = await MigrateAsync(session, sets[i], time, cancellationToken).ConfigureAwait(false);
        }

        return versions;
    }

    /// <summary>The highest version recorded in <paramref name="set"/>'s history (0 when none).</summary>
    public static async ValueTask<int> ReadVersionAsync(SqlSession session, MigrationSet set, CancellationToken cancellationToken) =>
        (int)(await session.Int64Async($"SELECT MAX(version) FROM {set.HistoryTable}", cancellationToken).ConfigureAwait(false) ?? 0);

    private static async ValueTask<int> MigrateAsync(SqlSession session, MigrationSet set, TimeProvider time, CancellationToken cancellationToken)
    {
        await session.ExecuteAsync(
            $"CREATE TABLE IF NOT EXISTS {set.HistoryTable} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            cancellationToken).ConfigureAwait(false);
        var current = await ReadVersionAsync(session, set, cancellationToken).ConfigureAwait(false);
        if (current == 0 && set.AdoptedFrom is { } legacy && await session.Dialect.TableExistsAsync(session, legacy, cancellationToken).ConfigureAwait(false))
        {
            var versions = string.Join(", ", set.Steps.Select(s => s.Version.ToString(CultureInfo.InvariantCulture)));
            await session.ExecuteAsync(
                $"INSERT INTO {set.HistoryTable} (version, name, applied_at) SELECT version, name, applied_at FROM {legacy} WHERE version IN ({versions})",
                cancellationToken).ConfigureAwait(false);
            current = await ReadVersionAsync(session, set, cancellationToken).ConfigureAwait(false);
        }

        if (current > set.LatestVersion)
        {
            throw new SchemaVersionException(current, set.LatestVersion);
        }

        foreach (var migration in set.Steps)
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
                $"INSERT INTO {set.HistoryTable} (version, name, applied_at) VALUES (@version, @name, @at)",
                cancellationToken,
                new SqlArg("version", migration.Version),
                new SqlArg("name", migration.Name),
                new SqlArg("at", time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture))).ConfigureAwait(false);
            current = migration.Version;
        }

        return current;
    }
}
