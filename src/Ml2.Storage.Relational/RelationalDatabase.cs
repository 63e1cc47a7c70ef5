using System.Data.Common;
using Ml2.Exceptions;
using Ml2.Storage.Relational.Migrations;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Relational;

/// <summary>
/// One SQL database shared by every store of a host that points at it (ML2 and LBaaS state in one database share its
/// connections and, on SQLite, its single writer: <see cref="RelationalDatabases"/> hands out one instance per
/// database). Each store requires its feature's schema (<see cref="Require"/>); the first session after that brings
/// the required schemas up to date under the dialect's migration lock.
/// </summary>
internal sealed class RelationalDatabase : IAsyncDisposable
{
    private readonly SemaphoreSlim _migrationLock = new(1, 1);
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<MigrationSet> _required = [];
    private readonly HashSet<MigrationSet> _migratedSets = [];
    private volatile bool _migrated;
    private int _disposed;

    public RelationalDatabase(SqlDialect dialect, ConnectionSource connections, TimeProvider time)
    {
        Dialect = dialect;
        Connections = connections;
        _time = time;
    }

    public SqlDialect Dialect { get; }

    public ConnectionSource Connections { get; }

    /// <summary>Makes <paramref name="schema"/> part of this database: the next session (or <see cref="MigrateAsync"/>) brings it up to date.</summary>
    public void Require(MigrationSet schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        lock (_gate)
        {
            if (!_required.Contains(schema))
            {
                _required.Add(schema);
                _migrated = false;
            }
        }
    }

    /// <summary>Applies the missing steps of every required schema not migrated by this instance yet.</summary>
    public async ValueTask MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (_migrated)
        {
            return;
        }

        await _migrationLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<MigrationSet> pending;
            lock (_gate)
            {
                pending = _required.Where(s => !_migratedSets.Contains(s)).ToList();
                _migrated = pending.Count == 0;
            }

            if (pending.Count == 0)
            {
                return;
            }

            var session = await OpenAsync(readOnly: false, cancellationToken).ConfigureAwait(false);
            var committed = false;
            try
            {
                await MigrationRunner.MigrateAsync(session, pending, _time, cancellationToken).ConfigureAwait(false);
                await CompleteAsync(session, commit: true, readOnly: false, cancellationToken).ConfigureAwait(false);
                committed = true;
            }
            finally
            {
                if (!committed)
                {
                    await CompleteAsync(session, commit: false, readOnly: false, CancellationToken.None).ConfigureAwait(false);
                }
            }

            lock (_gate)
            {
                _migratedSets.UnionWith(pending);
                _migrated = _migratedSets.Count == _required.Count;
            }
        }
        finally
        {
            _migrationLock.Release();
        }
    }

    /// <summary>
    /// Reads the version <paramref name="schema"/>'s history records now (its highest step), in a read-only
    /// transaction of its own, whatever this instance migrated earlier: a newer SDK sharing the database may have moved
    /// it on since.
    /// </summary>
    public async ValueTask<int> ReadSchemaVersionAsync(MigrationSet schema, CancellationToken cancellationToken)
    {
        var session = await OpenAsync(readOnly: true, cancellationToken).ConfigureAwait(false);
        try
        {
            return await MigrationRunner.ReadVersionAsync(session, schema, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await CompleteAsync(session, commit: false, readOnly: true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Rents a connection and begins a transaction on it (migrating first if needed).</summary>
    public async ValueTask<SqlSession> BeginAsync(bool readOnly, CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenAsync(readOnly, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits or rolls back the session's transaction and returns its connection.</summary>
    /// <exception cref="StoreConflictException">The commit failed because of a concurrent transaction.</exception>
    public async ValueTask CompleteAsync(SqlSession session, bool commit, bool readOnly, CancellationToken cancellationToken)
    {
        var connection = session.Connection;
        DbException? failure = null;
        try
        {
            if (commit)
            {
                try
                {
                    if (Dialect.Synchronous)
                    {
                        session.Transaction.Commit();
                    }
                    else
                    {
                        await session.Transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (DbException ex)
                {
                    failure = ex;
                }
            }

            if ((!commit || failure is not null) && connection.Connection.State == System.Data.ConnectionState.Open)
            {
                try
                {
                    if (Dialect.Synchronous)
                    {
                        session.Transaction.Rollback();
                    }
                    else
                    {
                        await session.Transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is DbException or InvalidOperationException)
                {
                    connection.Broken = true;   // state unknown: close the connection rather than reuse it
                }
            }
        }
        finally
        {
            await session.Transaction.DisposeAsync().ConfigureAwait(false);
            Connections.Return(connection, writer: !readOnly);
        }

        if (failure is not null)
        {
            throw session.Translate(failure);
        }
    }

    /// <summary>Closes the connections; later calls do nothing (the container and <see cref="RelationalDatabases"/> may both dispose it).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Connections.DisposeAsync().ConfigureAwait(false);
        _migrationLock.Dispose();
    }

    private async ValueTask<SqlSession> OpenAsync(bool readOnly, CancellationToken cancellationToken)
    {
        var connection = readOnly
            ? await Connections.RentReaderAsync(cancellationToken).ConfigureAwait(false)
            : await Connections.RentWriterAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await Dialect.BeginAsync(connection.Connection, readOnly, cancellationToken).ConfigureAwait(false);
            return new SqlSession(connection, transaction, Dialect);
        }
        catch (DbException ex)
        {
            connection.Broken = true;
            Connections.Return(connection, writer: !readOnly);
            var error = Dialect.Classify(ex);
            throw error.IsConflict ? new StoreConflictException(error.Reason, error.Code, ex) : ex;
        }
        catch
        {
            Connections.Return(connection, writer: !readOnly);
            throw;
        }
    }
}
