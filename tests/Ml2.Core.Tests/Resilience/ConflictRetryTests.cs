using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Contexts;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Diagnostics;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Resilience;

namespace Ml2.Core.Tests.Resilience;

/// <summary>
/// The one retry policy: bounded re-runs of a lost race with exponential backoff on the injected clock, counted in
/// <c>ml2.retries</c>; a user error is never re-run.
/// </summary>
public sealed class ConflictRetryTests
{
    [Fact]
    public async Task A_conflict_storm_is_retried_with_growing_delays_up_to_the_bound_then_surfaces_the_typed_error()
    {
        var storm = new ConflictingDriver(() => new StoreConflictException("serialization failure", "40001", null));
        await using var host = HostWithoutJitter(storm, maxDelay: TimeSpan.FromMilliseconds(50));
        using var retries = new RetryMeasurements(host.Services);

        var create = CreateNetworkDrivingTheClockAsync(host);

        await FluentActions.Awaiting(() => create).Should().ThrowAsync<StoreConflictException>();
        storm.CallTimes.Should().HaveCount(5, "MaxOperationRetries = 4: the first attempt and 4 re-runs");
        Gaps(storm.CallTimes).Should().Equal([10, 20, 40, 50], "the delay doubles from 10 ms and stops at the 50 ms cap");
        retries.Measurements.Should().HaveCount(4).And.OnlyContain(m => m == "create_network Conflict 40001");
        (await host.Plugin.ListNetworksAsync(TestHost.Admin)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_conflict_on_the_first_attempt_only_is_run_again_once_after_the_first_delay_and_the_operation_succeeds()
    {
        var once = new ConflictingDriver(() => new StoreConflictException("serialization failure", "40001", null), failures: 1);
        await using var host = HostWithoutJitter(once, maxDelay: null);
        using var retries = new RetryMeasurements(host.Services);

        var create = CreateNetworkDrivingTheClockAsync(host);

        var network = await create;
        once.CallTimes.Should().HaveCount(2, "the attempt that conflicted (made before the retry pipeline) and one re-run");
        Gaps(once.CallTimes).Should().Equal([10], "the re-run waits the first delay, as a conflict inside the pipeline does");
        retries.Measurements.Should().ContainSingle().Which.Should().Be("create_network Conflict 40001");
        (await host.Plugin.ListNetworksAsync(TestHost.Admin)).Should().ContainSingle().Which.Id.Should().Be(network.Id);
    }

    [Fact]
    public async Task A_unit_whose_token_is_cancelled_already_is_not_run_and_surfaces_the_cancellation()
    {
        using var meter = new Meter("conflict-retry-test");
        var retry = new ConflictRetry(
            new RetrySettings(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), Jitter: false),
            TimeProvider.System,
            new RetryCounter(meter.CreateCounter<long>("retries")),
            NullLogger<ConflictRetry>.Instance);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var runs = 0;

        var run = () => retry.ExecuteAsync("create_network", (_, _) => ValueTask.FromResult(++runs), 0, cancelled.Token).AsTask();

        await run.Should().ThrowAsync<OperationCanceledException>();
        runs.Should().Be(0, "the pipeline does not start a unit whose token is cancelled, nor does the attempt made before it");
    }

    [Fact]
    public async Task With_jitter_every_delay_stays_within_the_cap_and_the_storm_still_ends_at_the_bound()
    {
        var storm = new ConflictingDriver(() => new ConcurrencyConflictException("Network", "n", 1, 2));
        await using var host = TestHost.Create(
            o =>
            {
                o.MaxOperationRetries = 6;
                o.OperationRetryDelay = TimeSpan.FromMilliseconds(10);
                o.OperationRetryMaxDelay = TimeSpan.FromMilliseconds(100);
            },
            (builder, _) => builder.AddMechanismDriver((IMechanismDriver)storm));
        storm.Clock = host.Time;

        var create = host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n" }).AsTask();
        await DriveClockAsync(host.Time, create);

        await FluentActions.Awaiting(() => create).Should().ThrowAsync<ConcurrencyConflictException>();
        storm.CallTimes.Should().HaveCount(7);
        Gaps(storm.CallTimes).Should().OnlyContain(ms => ms >= 0 && ms <= 100);
    }

    [Fact]
    public async Task A_user_error_is_not_retried_nor_counted()
    {
        var refusing = new ConflictingDriver(() => new InvalidInputException("name", "n", "Refused by the backend."));
        await using var host = TestHost.Create(
            o =>
            {
                o.MaxOperationRetries = 4;
                o.OperationRetryDelay = TimeSpan.FromMilliseconds(10);
            },
            (builder, _) => builder.AddMechanismDriver((IMechanismDriver)refusing));
        using var retries = new RetryMeasurements(host.Services);
        refusing.Clock = host.Time;

        var create = async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n" });

        await create.Should().ThrowAsync<MechanismDriverException>();
        refusing.CallTimes.Should().ContainSingle();
        host.Time.ActiveTimers.Should().Be(0, "no retry was scheduled");
        retries.Measurements.Should().BeEmpty();
    }

    [Fact]
    public async Task A_conflict_an_inner_policy_gave_up_on_is_not_retried_again_by_an_enclosing_one()
    {
        var retry = new ConflictRetry(new Ml2Options { MaxOperationRetries = 3, OperationRetryDelay = TimeSpan.Zero }.RetrySettings, new ManualTimeProvider(), new Ml2Metrics().Retries, NullLogger<ConflictRetry>.Instance);
        var calls = 0;

        var run = async () => await retry.ExecuteAsync(
            "outer",
            (_, ct) => retry.ExecuteOnStoreConflictAsync<int, int>("inner", (_, _) => { calls++; throw new StoreConflictException("deadlock", "40P01", null); }, 0, ct),
            0,
            CancellationToken.None);

        (await run.Should().ThrowAsync<StoreConflictException>()).Which.Data[ConflictRetry.ExhaustedKey].Should().Be(true);
        calls.Should().Be(4, "the inner policy's 1 + 3 attempts, not (1 + 3) x (1 + 3)");
    }

    [Fact]
    public async Task A_revision_conflict_passes_through_the_store_conflict_policy_unmarked_so_the_enclosing_policy_retries_it()
    {
        var retry = new ConflictRetry(new Ml2Options { MaxOperationRetries = 2, OperationRetryDelay = TimeSpan.Zero }.RetrySettings, new ManualTimeProvider(), new Ml2Metrics().Retries, NullLogger<ConflictRetry>.Instance);
        var calls = 0;

        var run = async () => await retry.ExecuteAsync(
            "outer",
            (_, ct) => retry.ExecuteOnStoreConflictAsync<int, int>("inner", (_, _) => { calls++; throw new ConcurrencyConflictException("Device", "d", 1, 2); }, 0, ct),
            0,
            CancellationToken.None);

        await run.Should().ThrowAsync<ConcurrencyConflictException>();
        calls.Should().Be(3, "the inner policy does not re-run revision conflicts; the outer one does, twice");
    }

    [Theory]
    [InlineData(-1, 1000, "OperationRetryDelay: '-00:00:00.0010000'")]
    [InlineData(2000, 1000, "OperationRetryDelay: '00:00:02'")]
    [InlineData(0, 0, "OperationRetryMaxDelay: '00:00:00'")]
    public void Bad_retry_delays_are_refused_at_start_naming_the_option_and_the_value(int delayMs, int maxDelayMs, string expected)
    {
        var services = new ServiceCollection();
        services.AddMl2(o =>
        {
            o.OperationRetryDelay = TimeSpan.FromMilliseconds(delayMs);
            o.OperationRetryMaxDelay = TimeSpan.FromMilliseconds(maxDelayMs);
        });
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IOptions<Ml2Options>>().Value;

        resolve.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    /// <summary>A host whose one mechanism driver is <paramref name="driver"/>: 4 re-runs from 10 ms, no jitter.</summary>
    private static TestHost HostWithoutJitter(ConflictingDriver driver, TimeSpan? maxDelay)
    {
        var host = TestHost.Create(
            o =>
            {
                o.MaxOperationRetries = 4;
                o.OperationRetryDelay = TimeSpan.FromMilliseconds(10);
                o.OperationRetryMaxDelay = maxDelay ?? o.OperationRetryMaxDelay;
                o.OperationRetryJitter = false;
            },
            (builder, _) => builder.AddMechanismDriver((IMechanismDriver)driver));
        driver.Clock = host.Time;
        return host;
    }

    /// <summary>Creates a network while advancing the manual clock, until the create ends.</summary>
    private static async Task<Network> CreateNetworkDrivingTheClockAsync(TestHost host)
    {
        var create = host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n" }).AsTask();
        await DriveClockAsync(host.Time, create);
        return await create;
    }

    /// <summary>Advances the manual clock 1 ms at a time while a retry delay is pending, until the operation ends.</summary>
    private static async Task DriveClockAsync(ManualTimeProvider time, Task operation)
    {
        for (var turns = 0; !operation.IsCompleted; turns++)
        {
            turns.Should().BeLessThan(1_000_000, "the operation should end");
            if (time.ActiveTimers > 0)
            {
                time.Advance(TimeSpan.FromMilliseconds(1));
            }
            else
            {
                await Task.Yield();
            }
        }
    }

    private static List<double> Gaps(IReadOnlyList<DateTimeOffset> times) =>
        [.. times.Zip(times.Skip(1), (a, b) => (b - a).TotalMilliseconds)];

    /// <summary>A precommit hook that throws on its first <paramref name="failures"/> calls (all by default); records the clock at each call.</summary>
    private sealed class ConflictingDriver(Func<Exception> failure, int failures = int.MaxValue) : IMechanismDriver
    {
        private readonly ConcurrentQueue<DateTimeOffset> _calls = new();

        public ManualTimeProvider Clock { get; set; } = null!;

        public IReadOnlyList<DateTimeOffset> CallTimes => [.. _calls];

        public string Name => "conflicting";

        public ValueTask CreateNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken)
        {
            _calls.Enqueue(Clock.GetUtcNow());
            return _calls.Count <= failures ? throw failure() : ValueTask.CompletedTask;
        }
    }

    /// <summary>The <c>ml2.retries</c> measurements of one container's meter: "operation error.type reason".</summary>
    private sealed class RetryMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();

        public RetryMeasurements(IServiceProvider services)
        {
            var factory = services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Meter.Name == Ml2Telemetry.MeterName && instrument.Name == "ml2.retries")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                var values = new Dictionary<string, object?>();
                foreach (var tag in tags)
                {
                    values[tag.Key] = tag.Value;
                }

                for (var i = 0; i < value; i++)
                {
                    Measurements.Enqueue($"{values["ml2.operation"]} {values["error.type"]} {values["ml2.retry.reason"]}");
                }
            });
            _listener.Start();
        }

        public ConcurrentQueue<string> Measurements { get; } = new();

        public void Dispose() => _listener.Dispose();
    }
}
