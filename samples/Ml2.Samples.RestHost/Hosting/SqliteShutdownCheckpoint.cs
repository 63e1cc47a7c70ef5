using Microsoft.Data.Sqlite;

namespace Ml2.Samples.RestHost.Hosting;

/// <summary>
/// On a clean stop (after the server and the hosted services stopped) copies SQLite's write-ahead log into the
/// database file and empties it (<c>PRAGMA wal_checkpoint(TRUNCATE)</c>), so a stopped host leaves one self-contained
/// file: nothing pending in <c>-wal</c> to be lost by copying only the <c>.db</c> file.
/// </summary>
internal sealed partial class SqliteShutdownCheckpoint(string databasePath, ILogger<SqliteShutdownCheckpoint> logger)
{
    /// <summary>The database file.</summary>
    public string DatabasePath { get; } = databasePath;

    /// <summary>Runs the checkpoint; a failure is logged (the data is safe in the WAL), never thrown.</summary>
    public void Run()
    {
        if (!File.Exists(DatabasePath))
        {
            return;
        }

        try
        {
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = DatabasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 10,
            }.ToString();
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using (var timeout = connection.CreateCommand())
            {
                timeout.CommandText = "PRAGMA busy_timeout=10000";
                timeout.ExecuteNonQuery();
            }

            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using var reader = command.ExecuteReader();
            if (reader.Read() && reader.GetInt64(0) != 0)
            {
                LogBusy(logger, DatabasePath);
                return;
            }

            LogDone(logger, DatabasePath);
        }
        catch (SqliteException exception)
        {
            LogFailed(logger, exception, DatabasePath);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Checkpointed the SQLite WAL of {Path} on stop")]
    private static partial void LogDone(ILogger logger, string path);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "SQLite WAL checkpoint of {Path} on stop was blocked by another connection: the WAL keeps the data")]
    private static partial void LogBusy(ILogger logger, string path);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "SQLite WAL checkpoint of {Path} on stop failed: the WAL keeps the data")]
    private static partial void LogFailed(ILogger logger, Exception exception, string path);
}
