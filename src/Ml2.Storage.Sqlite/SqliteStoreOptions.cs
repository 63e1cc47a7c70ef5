namespace Ml2.Storage.Sqlite;

/// <summary>How the SQLite store uses its file.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>
    /// How long a writer waits for another process's write lock before the operation is retried (SQLite's busy
    /// timeout). Default: 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether every commit waits for the disk (<c>synchronous=FULL</c>): survives a power loss, not just a crash of
    /// the process. Default: false (<c>synchronous=NORMAL</c> in WAL mode: a committed transaction survives a killed
    /// process; the last ones may be lost if the machine loses power).
    /// </summary>
    public bool SyncEveryCommit { get; set; }

    /// <summary>How many idle reader connections are kept open. Default: 8.</summary>
    public int MaxIdleReaders { get; set; } = 8;
}
