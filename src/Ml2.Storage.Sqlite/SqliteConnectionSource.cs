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
internal sealed class SqliteConnectionSource : ConnectionSource
{
    private readonly string _connectionString;
    private readonly SqliteStoreOptions _options;
    private readonly SemaphoreSlim _writerGate = new(1, 1);
    private readonly ConcurrentBag<StoreConnection> _readers = [];
    private StoreConnection? _writer;
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
        _writer?.Dispose();
        _writer = null;
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
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
                $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={(long)_options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous={(_options.SyncEveryCommit ? "FULL" : "NORMAL")};");
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
