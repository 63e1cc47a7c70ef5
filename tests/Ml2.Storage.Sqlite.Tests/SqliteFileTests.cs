using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Exceptions;
using Ml2.Storage.Relational;

namespace Ml2.Storage.Sqlite.Tests;

/// <summary>The SQLite file itself: WAL, foreign keys, the busy timeout against another process's writer, bad connection strings.</summary>
public sealed class SqliteFileTests : IAsyncLifetime
{
    private readonly string _file = SqliteStoreTarget.NewFile();
    private ServiceProvider? _provider;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_file_is_in_wal_mode_and_foreign_keys_are_enforced()
    {
        var store = Start(TimeSpan.FromSeconds(5));
        await using (var tx = await store.BeginTransactionAsync())
        {
            await tx.CommitAsync();
        }

        await using (var raw = new SqliteConnection($"Data Source={_file}"))
        {
            raw.Open();
            using var mode = raw.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode";
            mode.ExecuteScalar().Should().Be("wal");
        }

        await using var orphan = await store.BeginTransactionAsync();
        await orphan.Ports.AddAsync(TestKit.ConformanceData.Port("p1", "no-such-network"));
        var commit = async () => await orphan.CommitAsync();
        (await commit.Should().ThrowAsync<StoreConflictException>("the deferred foreign key is checked at commit")).Which.Reason.Should().Contain("foreign key");
    }

    [Fact]
    public async Task A_writer_of_another_process_holding_the_lock_past_the_busy_timeout_is_a_retryable_conflict()
    {
        var store = Start(TimeSpan.FromMilliseconds(200));
        await using (var tx = await store.BeginTransactionAsync())
        {
            await tx.CommitAsync();
        }

        await using (var other = new SqliteConnection($"Data Source={_file};Pooling=False"))
        {
            other.Open();
            using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                begin.ExecuteNonQuery();
            }

            var blocked = async () => await store.BeginTransactionAsync();
            (await blocked.Should().ThrowAsync<StoreConflictException>()).Which.Code.Should().Be("5");
            using var rollback = other.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        await using var after = await store.BeginTransactionAsync();
        await after.Networks.AddAsync(TestKit.ConformanceData.Network("n1"));
        await after.CommitAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("Data Source=:memory:")]
    [InlineData("Mode=Memory;Data Source=x")]
    [InlineData("Bogus Key=1")]
    public void A_connection_string_that_names_no_file_is_refused_with_its_value(string connectionString)
    {
        var use = () => new ServiceCollection().AddMl2().UseSqliteStore(connectionString);
        var refused = use.Should().Throw<ArgumentException>().Which;
        refused.ParamName.Should().Be("connectionString");
        refused.Message.Should().Contain($"'{connectionString}'");
    }

    private IMl2Store Start(TimeSpan busyTimeout)
    {
        var services = new ServiceCollection();
        services.AddMl2().UseSqliteStore($"Data Source={_file}", o => o.BusyTimeout = busyTimeout);
        _provider = services.BuildServiceProvider();
        _ = _provider.GetRequiredService<RelationalDatabase>();
        return _provider.GetRequiredService<IMl2Store>();
    }
}
