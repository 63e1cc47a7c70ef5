using Microsoft.Extensions.DependencyInjection;
using Ml2.Exceptions;
using Ml2.Storage.Relational;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.PostgreSql.Tests;

/// <summary>Real PostgreSQL errors caused by a concurrent transaction become retryable <see cref="StoreConflictException"/>s.</summary>
[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlConflictTests(PostgreSqlServerFixture pg) : StoreSuite<string>(new PostgreSqlStoreTarget(pg.Server))
{
    private RelationalDatabase Db => Host.Services.GetRequiredService<RelationalDatabase>();

    [Fact]
    public async Task A_unique_violation_is_a_retryable_conflict()
    {
        var session = await Db.BeginAsync(readOnly: false, default);
        try
        {
            await session.ExecuteAsync("INSERT INTO ml2_pool_ids (pool, id) VALUES ('p', 1)", default);
            var again = async () => await session.ExecuteAsync("INSERT INTO ml2_pool_ids (pool, id) VALUES ('p', 1)", default);
            (await again.Should().ThrowAsync<StoreConflictException>()).Which.Code.Should().Be("23505");
        }
        finally
        {
            await Db.CompleteAsync(session, commit: false, readOnly: false, default);
        }
    }

    [Fact]
    public async Task A_deadlock_is_a_retryable_conflict_for_the_victim_and_the_other_transaction_commits()
    {
        await CommitAsync(async tx =>
        {
            await tx.DriverData.SetAsync("t", "a", "0");
            await tx.DriverData.SetAsync("t", "b", "0");
        });
        var first = await Db.BeginAsync(readOnly: false, default);
        var second = await Db.BeginAsync(readOnly: false, default);
        const string Update = "UPDATE ml2_driver_data SET value = @v WHERE tbl = 't' AND key = @k";
        await first.ExecuteAsync(Update, default, new SqlArg("v", "1"), new SqlArg("k", "a"));
        await second.ExecuteAsync(Update, default, new SqlArg("v", "2"), new SqlArg("k", "b"));

        var results = await Task.WhenAll(
            Task.Run(() => TryAsync(first, Update, "b")),
            Task.Run(() => TryAsync(second, Update, "a")));

        results.Count(r => r is StoreConflictException { Code: "40P01" }).Should().Be(1, "PostgreSQL picks one victim");
        results.Count(r => r is null).Should().Be(1);
    }

    private async Task<Exception?> TryAsync(SqlSession session, string sql, string key)
    {
        try
        {
            await session.ExecuteAsync(sql, default, new SqlArg("v", "x"), new SqlArg("k", key));
            await Db.CompleteAsync(session, commit: true, readOnly: false, default);
            return null;
        }
        catch (StoreConflictException ex)
        {
            await Db.CompleteAsync(session, commit: false, readOnly: false, default);
            return ex;
        }
    }
}
