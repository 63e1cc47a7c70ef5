using System.Data.Common;
using Ml2.Exceptions;

namespace Ml2.Storage.Relational.Sql;

/// <summary>
/// Runs statements inside one database transaction. Every database error that a concurrent transaction caused becomes
/// a <see cref="StoreConflictException"/> (the plugin retries the whole operation); others propagate unchanged.
/// </summary>
internal sealed class SqlSession(StoreConnection connection, DbTransaction transaction, SqlDialect dialect)
{
    public StoreConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public SqlDialect Dialect { get; } = dialect;

    /// <summary>Runs a statement; returns the number of rows it changed.</summary>
    public async ValueTask<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params SqlArg[] args)
    {
        var command = Prepare(sql, args);
        try
        {
            return Dialect.Synchronous ? command.ExecuteNonQuery() : await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw Translate(ex);
        }
        finally
        {
            Release(command);
        }
    }

    /// <summary>Runs a query; returns the first column of the first row, or null.</summary>
    public async ValueTask<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params SqlArg[] args)
    {
        var command = Prepare(sql, args);
        try
        {
            var value = Dialect.Synchronous ? command.ExecuteScalar() : await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
        catch (DbException ex)
        {
            throw Translate(ex);
        }
        finally
        {
            Release(command);
        }
    }

    /// <summary>Runs a query; returns the first column of the first row as a 64-bit integer, or null.</summary>
    public async ValueTask<long?> Int64Async(string sql, CancellationToken cancellationToken, params SqlArg[] args) =>
        await ScalarAsync(sql, cancellationToken, args).ConfigureAwait(false) is { } value ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Runs a query; maps every row with <paramref name="map"/>.</summary>
    public async ValueTask<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params SqlArg[] args)
    {
        var command = Prepare(sql, args);
        try
        {
            var rows = new List<T>();
            var reader = Dialect.Synchronous ? command.ExecuteReader() : await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (Dialect.Synchronous ? reader.Read() : await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(map(reader));
                }
            }

            return rows;
        }
        catch (DbException ex)
        {
            throw Translate(ex);
        }
        finally
        {
            Release(command);
        }
    }

    /// <summary>Turns a database error into a retryable conflict when a concurrent transaction caused it.</summary>
    public Exception Translate(DbException exception)
    {
        var error = Dialect.Classify(exception);
        return error.IsConflict ? new StoreConflictException(error.Reason, error.Code, exception) : exception;
    }

    private DbCommand Prepare(string sql, SqlArg[] args)
    {
        var cache = Connection.Commands;
        if (cache is not null && cache.TryGetValue(sql, out var cached))
        {
            var parameters = cached.Parameters;
            for (var i = 0; i < args.Length; i++)
            {
                parameters[i].Value = args[i].Value ?? DBNull.Value;
            }

            cached.Transaction = Transaction;
            return cached;
        }

        var command = Connection.Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        foreach (var arg in args)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = arg.Name;
            parameter.Value = arg.Value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        cache?.Add(sql, command);
        return command;
    }

    private void Release(DbCommand command)
    {
        if (Connection.Commands is null)
        {
            command.Dispose();
        }
    }
}
