using Ml2.Storage.TestKit;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Storage;

namespace Ml2.Core.Tests.Storage;

/// <summary>Read-write transactions are serialised: a second writer begins only when the first has committed or rolled back.</summary>
public sealed class InMemoryWriterSerialisationTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BeginTransactionAsync_when_another_writer_is_open_completes_only_after_the_first_commits()
    {
        await using var host = TestHost.Create();
        var store = host.Store;
        var firstBegan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mayCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var first = Task.Run(async () =>
        {
            var transaction = await store.BeginTransactionAsync();
            await using (transaction)
            {
                await transaction.Networks.AddAsync(ConformanceData.Network("from-first"));
                firstBegan.SetResult();
                await mayCommit.Task;
                events.Enqueue("first committing");
                await transaction.CommitAsync();
            }
        });
        await firstBegan.Task.WaitAsync(s_timeout);

        var secondBegin = store.BeginTransactionAsync().AsTask();
        var readerBegin = store.BeginReadOnlyTransactionAsync().AsTask();
        var secondStarted = secondBegin.ContinueWith(_ => events.Enqueue("second began"), TaskScheduler.Default);

        secondBegin.IsCompleted.Should().BeFalse("the first writer still holds the store");
        readerBegin.IsCompletedSuccessfully.Should().BeTrue("readers do not wait for writers");
        await using (await readerBegin)
        {
        }

        mayCommit.SetResult();
        var second = await secondBegin.WaitAsync(s_timeout);
        await first.WaitAsync(s_timeout);
        await secondStarted.WaitAsync(s_timeout);
        await using (second)
        {
            (await second.Networks.FindAsync("from-first")).Should().NotBeNull("the second writer starts after the first committed");
            await second.Networks.AddAsync(ConformanceData.Network("from-second"));
            await second.CommitAsync();
        }

        events.Should().Equal("first committing", "second began");
    }

    [Fact]
    public async Task BeginTransactionAsync_when_the_open_writer_rolls_back_lets_the_next_writer_begin()
    {
        await using var host = TestHost.Create();
        var store = host.Store;
        var first = await store.BeginTransactionAsync();
        await first.Pools.TryReserveAsync("pool", 1);

        var secondBegin = store.BeginTransactionAsync().AsTask();
        secondBegin.IsCompleted.Should().BeFalse();
        await first.DisposeAsync();

        var second = await secondBegin.WaitAsync(s_timeout);
        await using (second)
        {
            (await second.Pools.IsAllocatedAsync("pool", 1)).Should().BeFalse();
        }
    }

    [Fact]
    public async Task BeginTransactionAsync_when_waiting_writer_is_cancelled_throws_and_does_not_take_the_store()
    {
        await using var host = TestHost.Create();
        var store = host.Store;
        var first = await store.BeginTransactionAsync();
        using var cancellation = new CancellationTokenSource();

        var cancelled = store.BeginTransactionAsync(cancellation.Token).AsTask();
        var next = store.BeginTransactionAsync().AsTask();
        await cancellation.CancelAsync();
        var act = async () => await cancelled.WaitAsync(s_timeout);
        await act.Should().ThrowAsync<OperationCanceledException>();
        next.IsCompleted.Should().BeFalse();

        await first.DisposeAsync();
        await using (await next.WaitAsync(s_timeout))
        {
        }
    }

    [Fact]
    public async Task Writers_when_many_run_concurrently_never_overlap()
    {
        await using var host = TestHost.Create();
        var store = host.Store;
        var inside = 0;
        var maxInside = 0;

        var writers = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            for (var j = 0; j < 50; j++)
            {
                var transaction = await store.BeginTransactionAsync();
                await using (transaction)
                {
                    var now = Interlocked.Increment(ref inside);
                    InterlockedMax(ref maxInside, now);
                    await Task.Yield();
                    await transaction.Pools.TryReserveAsync("counter", (i * 50) + j);
                    Interlocked.Decrement(ref inside);
                    await transaction.CommitAsync();
                }
            }
        })).ToArray();
        await Task.WhenAll(writers).WaitAsync(s_timeout);

        maxInside.Should().Be(1);
        StoreSnapshot.AllocatedIds(store, "counter").Should().HaveCount(16 * 50);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
