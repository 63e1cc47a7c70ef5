using System.Data.Common;
using Ml2.Exceptions;
using Ml2.Storage.Relational.Migrations;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Relational;

/// <summary>
/// One SQL database shared by every store of a host (ML2 and LBaaS state live in the same database, so they share
/// its connections and, on SQLite, its single writer). The first session brings the schema up to date under the
/// dialect's migration lock.
/// </summary>
internal sealed class RelationalDatabase : IAsyncDisposable
{
    private readonly SemaphoreSlim _migrationLock = new(1, 1);
    private readonly TimeProvider _time;
    private volatile bool _migrated;

    public RelationalDatabase(SqlDialect dialect, ConnectionSource connections, TimeProvider time)
    {
        Dialect = dialect;
        Connections = connections;
        _time = time;
    }

    public SqlDialect Dialect { get; }

    public ConnectionSource Connections { get; }

    /// <summary>The schema version after migration (0 before).</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>Applies the missing migrations, once per instance.</summary>
    public async ValueTask MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (_migrated)
        {
            return;
        }

        await _migrationLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_migrated)
            {
                return;
            }

            var session = await OpenAsync(readOnly: false, cancellationToken).ConfigureAwait(false);
            var committed = false;
            try
            {
                SchemaVersion = await MigrationRunner.MigrateAsync(session, _time, cancellationToken).ConfigureAwait(false);
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

            _migrated = true;
        }
        finally
        {
            _migrationLock.Release();
        }
    }

    /// <summary>
    /// Reads the schema version the database records now (the highest step in <c>ml2_schema_migrations</c>), in a
    /// read-only transaction of its own, whatever this instance migrated earlier: a newer SDK sharing the database may
    /// have moved it on since.
    /// </summary>
    public async ValueTask<int> ReadSchemaVersionAsync(CancellationToken cancellationToken)
    {
        var session = await OpenAsync(readOnly: true, cancellationToken).ConfigureAwait(false);
        try
        {
            return (int)(await session.Int64Async("SELECT MAX(version) FROM ml2_schema_migrations", cancellationToken).ConfigureAwait(false) ?? 0);
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

    public async ValueTask DisposeAsync()
    {
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
