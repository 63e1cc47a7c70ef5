using Lbaas.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Diagnostics;
using Ml2.Exceptions;
using Ml2.Resilience;

namespace Lbaas.Core.Tests.Storage;

/// <summary>The LBaaS store's re-run of a unit that lost a race goes through the SDK's one retry policy.</summary>
public sealed class LbaasWriteRetryTests
{
    [Fact]
    public async Task A_conflict_storm_is_rerun_with_growing_delays_up_to_the_bound_then_surfaces()
    {
        var time = new ManualTimeProvider();
        var retry = Retry(time, retries: 3, jitter: false);
        using var store = new InMemoryLbaasObjectStore();
        var calls = new List<DateTimeOffset>();

        var write = store.WriteWithRetryAsync<int>(
            retry,
            _ =>
            {
                calls.Add(time.GetUtcNow());
                throw new ConcurrencyConflictException("Load Balancer", "lb", 1, 2);
            },
            CancellationToken.None).AsTask();
        for (var turns = 0; !write.IsCompleted; turns++)
        {
            turns.Should().BeLessThan(1_000_000);
            if (time.ActiveTimers > 0)
            {
                time.Advance(TimeSpan.FromMilliseconds(1));
            }
            else
            {
                await Task.Yield();
            }
        }

        await FluentActions.Awaiting(() => write).Should().ThrowAsync<ConcurrencyConflictException>();
        calls.Should().HaveCount(4);
        calls.Zip(calls.Skip(1), (a, b) => (b - a).TotalMilliseconds).Should().Equal(10, 20, 40);
    }

    [Fact]
    public async Task A_user_error_in_the_unit_is_not_rerun()
    {
        var time = new ManualTimeProvider();
        using var store = new InMemoryLbaasObjectStore();
        var calls = 0;

        var write = async () => await store.WriteWithRetryAsync<int>(
            Retry(time, retries: 3, jitter: true),
            _ =>
            {
                calls++;
                throw new InvalidInputException("name", "x", "bad name");
            },
            CancellationToken.None);

        await write.Should().ThrowAsync<InvalidInputException>();
        calls.Should().Be(1);
        time.ActiveTimers.Should().Be(0);
    }

    private static ConflictRetry Retry(TimeProvider time, int retries, bool jitter) => new(
        Options.Create(new Ml2Options
        {
            MaxOperationRetries = retries,
            OperationRetryDelay = TimeSpan.FromMilliseconds(10),
            OperationRetryMaxDelay = TimeSpan.FromSeconds(1),
            OperationRetryJitter = jitter,
        }),
        time,
        new Ml2Metrics(),
        NullLogger<ConflictRetry>.Instance);
}
