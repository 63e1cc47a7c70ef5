using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Sqlite;

/// <summary>
/// Connections to one SQLite file: a single writer connection (this process's writers queue for it, so they never
/// spin on the file lock against each other; other processes are waited for through the busy timeout) and a small
/// set of reader connections (WAL lets them read committed state while a writer works). Each connection keeps its
/// prepared statements.
/// </summary>
/// <remarks>
/// Checkpoints run off the commit path. With SQLite's default (<c>wal_autocheckpoint=1000</c>) the commit that takes
/// the WAL past 1,000 pages runs the checkpoint itself: it fsyncs the WAL, copies the pages into the database file and
/// fsyncs that, so every ~170th create_port waited for two fsyncs (milliseconds on a busy disk; measured: create_port
/// 200-240 us per op with them, 60-110 us without, same CPU). Here a background task on a connection of its own runs a
/// PASSIVE checkpoint (never blocks the writer, never waits for a lock) after every
/// <see cref="BackgroundCheckpointCommits"/> write transactions - about as often as the default - so the WAL is still
/// fsynced and copied back just as often and <c>synchronous=NORMAL</c> keeps its meaning (a commit survives a killed
/// process; a power loss may lose the commits since the last checkpoint). Because a checkpoint running beside a busy
/// writer rarely leaves the WAL fully copied, the WAL could only be restarted by the writer; the writer connection
/// therefore keeps SQLite's own auto-checkpoint as a backstop at <see cref="WriterAutoCheckpointPages"/> pages
/// (~40 MB with 4 KiB pages), which bounds the WAL and then finds most pages already copied.
/// </remarks>
internal sealed class SqliteConnectionSource : ConnectionSource
{
    private readonly string _connectionString;
    private readonly SqliteStoreOptions _options;
    private readonly SemaphoreSlim _writerGate = new(1, 1);
    private readonly ConcurrentBag<StoreConnection> _readers = [];
    /// <summary>Write transactions between two background checkpoints (a create_port writes ~6 pages: ~600 pages).</summary>
    internal const int BackgroundCheckpointCommits = 100;

    /// <summary>The writer connection's own auto-checkpoint threshold, the backstop that bounds the WAL (SQLite's default is 1,000).</summary>
    internal const int WriterAutoCheckpointPages = 10_000;

    private StoreConnection? _writer;
    private StoreConnection? _checkpointConnection;
    private Task _checkpoint = Task.CompletedTask;
    private int _writesSinceCheckpoint;
    private int _checkpointRunning;
    private int _disposed;

    /// <param name="connectionString">A connection string checked by <see cref="Normalize"/>.</param>
    /// <param name="options">The options.</param>
    public SqliteConnectionSource(string connectionString, SqliteStoreOptions options)
    {
        // Microsoft.Data.Sqlite retries a busy statement itself until its command timeout: keep that in step with the
        // busy timeout, so a writer of another process is waited for about as long as configured, not 30 s.
        _connectionString = new SqliteConnectionStringBuilder(connectionString)
        {
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();
        _options = options;
    }

    /// <summary>
    /// Checks that the connection string names a file (creating its directory) and turns off Microsoft.Data.Sqlite's
    /// own pooling (this source keeps its connections) and turns on foreign keys.
    /// </summary>
    /// <exception cref="ArgumentException">The string is malformed or names an in-memory database.</exception>
    public static string Normalize(string connectionString)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false, ForeignKeys = true };
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Invalid SQLite connection string '{connectionString}': {ex.Message}", nameof(connectionString), ex);
        }

        if (builder.Mode is SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
        {
            throw new ArgumentException($"Invalid SQLite connection string '{connectionString}': the store needs a file (Data Source=path), not an in-memory database.", nameof(connectionString));
        }

        if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        return builder.ToString();
    }

    public override async ValueTask<StoreConnection> RentWriterAsync(CancellationToken cancellationToken)
    {
        await _writerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _writer ??= Open();
        }
        catch
        {
            _writerGate.Release();
            throw;
        }
    }

    public override ValueTask<StoreConnection> RentReaderAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(_readers.TryTake(out var reader) ? reader : Open());

    public override void Return(StoreConnection connection, bool writer)
    {
        if (writer)
        {
            if (connection.Broken)
            {
                connection.Dispose();
                _writer = null;
            }
            else if (++_writesSinceCheckpoint >= BackgroundCheckpointCommits)
            {
                // Counted under the writer gate (released below), so no other thread touches the counter.
                _writesSinceCheckpoint = 0;
                RequestCheckpoint();
            }

            _writerGate.Release();
            return;
        }

        if (connection.Broken || _readers.Count >= _options.MaxIdleReaders || Volatile.Read(ref _disposed) != 0)
        {
            connection.Dispose();
            return;
        }

        _readers.Add(connection);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writerGate.WaitAsync().ConfigureAwait(false);

        // Holding the writer gate: no new checkpoint can be requested; wait for the one running, if any.
        await _checkpoint.ConfigureAwait(false);
        _checkpointConnection?.Dispose();
        _checkpointConnection = null;
        _writer?.Dispose();
        _writer = null;
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    /// <summary>Starts a background PASSIVE checkpoint unless one is running (called under the writer gate).</summary>
    private void RequestCheckpoint()
    {
        if (Volatile.Read(ref _disposed) != 0 || Interlocked.CompareExchange(ref _checkpointRunning, 1, 0) != 0)
        {
            return;
        }

        _checkpoint = Task.Run(Checkpoint);
    }

    private void Checkpoint()
    {
        try
        {
            _checkpointConnection ??= Open();
            using var command = _checkpointConnection.Connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            command.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Best effort: the next request retries on a fresh connection, and the writer's own auto-checkpoint
            // (the backstop) still bounds the WAL.
            _checkpointConnection?.Dispose();
            _checkpointConnection = null;
        }
        finally
        {
            Volatile.Write(ref _checkpointRunning, 0);
        }
    }

    private StoreConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={(long)_options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous={(_options.SyncEveryCommit ? "FULL" : "NORMAL")}; PRAGMA wal_autocheckpoint={WriterAutoCheckpointPages};");
            pragmas.ExecuteNonQuery();
            return new StoreConnection(connection, cacheCommands: true);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
