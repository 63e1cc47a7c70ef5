using System.Data.Common;
using System.Globalization;
using Ml2.Storage.Relational;

namespace Ml2.Storage.TestKit;

/// <summary>Plain SQL against a relational store's database, for tests that look beneath the store contract (schema history, columns).</summary>
public static class RawSql
{
    /// <summary>Runs a query in a read-only store transaction and returns its first column as integers.</summary>
    /// <param name="store">A SQL store (its transactions are <see cref="IRelationalTransaction"/>s).</param>
    /// <param name="sql">The query.</param>
    /// <returns>The first column of every row.</returns>
    public static async Task<List<long>> QueryInt64Async(IMl2Store store, string sql)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var tx = await store.BeginReadOnlyTransactionAsync();
        await using var command = Command((IRelationalTransaction)tx, sql);
        var values = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
        }

        return values;
    }

    /// <summary>Runs a query in a read-only store transaction and returns its first column as text.</summary>
    /// <param name="store">A SQL store.</param>
    /// <param name="sql">The query.</param>
    /// <returns>The first column of every row.</returns>
    public static async Task<List<string>> QueryTextAsync(IMl2Store store, string sql)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var tx = await store.BeginReadOnlyTransactionAsync();
        await using var command = Command((IRelationalTransaction)tx, sql);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>Runs a statement in a store transaction and commits it.</summary>
    /// <param name="store">A SQL store.</param>
    /// <param name="sql">The statement.</param>
    /// <returns>A task that completes after the commit.</returns>
    public static async Task ExecuteAsync(IMl2Store store, string sql)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var tx = await store.BeginTransactionAsync();
        await using (var command = Command((IRelationalTransaction)tx, sql))
        {
            await command.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    /// <summary>A command on the transaction's connection, enlisted in it.</summary>
    /// <param name="tx">A SQL store transaction.</param>
    /// <param name="sql">The command text.</param>
    /// <returns>The command (the caller disposes it).</returns>
    public static DbCommand Command(IRelationalTransaction tx, string sql)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var command = tx.Connection.CreateCommand();
        command.Transaction = tx.Transaction;
        command.CommandText = sql;
        return command;
    }
}
