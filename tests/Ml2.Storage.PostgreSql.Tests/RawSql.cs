using Microsoft.Extensions.DependencyInjection;
using Ml2.Storage.Relational;
using Ml2.Storage.Relational.Sql;
using Ml2.Storage.TestKit;

namespace Ml2.Storage.PostgreSql.Tests;

/// <summary>SQL run on a test host's database beside its stores, each call in a transaction of its own.</summary>
internal static class RawSql
{
    /// <summary>Reads through a read-only transaction.</summary>
    public static async Task<T> ReadAsync<T>(ConformanceHost host, Func<SqlSession, ValueTask<T>> read)
    {
        var db = host.Services.GetRequiredService<RelationalDatabase>();
        var session = await db.BeginAsync(readOnly: true, default);
        try
        {
            return await read(session);
        }
        finally
        {
            await db.CompleteAsync(session, commit: false, readOnly: true, default);
        }
    }

    /// <summary>Runs a statement and commits it.</summary>
    public static async Task ExecuteAsync(ConformanceHost host, string sql)
    {
        var db = host.Services.GetRequiredService<RelationalDatabase>();
        var session = await db.BeginAsync(readOnly: false, default);
        await session.ExecuteAsync(sql, default);
        await db.CompleteAsync(session, commit: true, readOnly: false, default);
    }
}
