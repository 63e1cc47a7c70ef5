using Microsoft.Extensions.DependencyInjection;
using Ml2.Storage;

namespace Ml2.Storage.Sqlite.Tests;

/// <summary>Checkpoints run in the background, off the commit path, and still copy the WAL into the database file.</summary>
public sealed class SqliteCheckpointTests
{
    [Fact]
    public async Task Background_checkpoint_copies_committed_pages_into_the_database_file()
    {
        var file = SqliteStoreTarget.NewFile();
        var services = new ServiceCollection();
        services.AddMl2().UseSqliteStore($"Data Source={file}");
        var provider = services.BuildServiceProvider();
        await using (provider.ConfigureAwait(false))
        {
            var store = provider.GetRequiredService<IMl2Store>();
            await WriteAsync(store, 0);
            var initial = new FileInfo(file).Length;

            // Enough write transactions for two background checkpoints, each with a page of its own.
            for (var i = 1; i <= 2 * SqliteConnectionSource.BackgroundCheckpointCommits; i++)
            {
                await WriteAsync(store, i);
            }

            // No commit ran a checkpoint itself (the writer's threshold is far away), so a bigger database file
            // means the background checkpoint copied pages back.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (new FileInfo(file).Length <= initial && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            new FileInfo(file).Length.Should().BeGreaterThan(initial);
        }

        // Everything committed is there after the store (and its checkpointer) was disposed.
        var reopened = new ServiceCollection();
        reopened.AddMl2().UseSqliteStore($"Data Source={file}");
        var again = reopened.BuildServiceProvider();
        await using (again.ConfigureAwait(false))
        {
            var transaction = await again.GetRequiredService<IMl2Store>().BeginReadOnlyTransactionAsync();
            await using (transaction.ConfigureAwait(false))
            {
                (await transaction.DriverData.ListAsync("checkpoint_test")).Should().HaveCount(2 * SqliteConnectionSource.BackgroundCheckpointCommits + 1);
            }
        }
    }

    private static async Task WriteAsync(IMl2Store store, int i)
    {
        var transaction = await store.BeginTransactionAsync();
        await using (transaction.ConfigureAwait(false))
        {
            await transaction.DriverData.SetAsync("checkpoint_test", i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture), new string('x', 3000));
            await transaction.CommitAsync();
        }
    }
}
