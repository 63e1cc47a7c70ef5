using System.Collections.Concurrent;
using Ml2.Hosting;

namespace Ml2.Core.Tests.Hosting;

/// <summary>The one timer loop of the background work: period, no overlap, coalesced ticks, graceful and forced stops.</summary>
public sealed class PeriodicWorkTests
{
    private static readonly TimeSpan s_period = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_runs_the_work_every_period_the_first_time_one_period_after_start()
    {
        var time = new ManualTimeProvider();
        var runs = new ConcurrentQueue<DateTimeOffset>();
        await using var loop = new PeriodicWork(time, s_period, _ => { runs.Enqueue(time.GetUtcNow()); return default; }, _ => { });
        var start = time.GetUtcNow();

        loop.Start().Should().BeTrue();
        loop.Start().Should().BeFalse("it starts once");
        time.Advance(s_period - TimeSpan.FromSeconds(1));
        runs.Should().BeEmpty();
        time.Advance(TimeSpan.FromSeconds(1) + (2 * s_period));

        runs.Should().Equal(start + s_period, start + (2 * s_period), start + (3 * s_period));
    }

    [Fact]
    public async Task Ticks_during_a_run_are_coalesced_into_one_run_right_after_it()
    {
        var time = new ManualTimeProvider();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new ConcurrentQueue<int>();
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var overlapped = false;
        await using var loop = new PeriodicWork(time, s_period, async _ =>
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            started.Enqueue(started.Count + 1);
            if (started.Count == 1)
            {
                await gate.Task;
            }
            else
            {
                second.TrySetResult();
            }

            Interlocked.Decrement(ref running);
        }, _ => { });
        loop.Start();

        time.Advance(s_period);
        time.Advance(3 * s_period);
        started.Should().ContainSingle("the ticks during the run wait for it");
        gate.SetResult();
        await second.Task.WaitAsync(s_timeout);
        await loop.StopAsync(CancellationToken.None);

        started.Should().HaveCount(2, "the three missed ticks make one run");
        overlapped.Should().BeFalse();
    }

    [Fact]
    public async Task StopAsync_waits_for_the_run_in_progress_then_no_tick_fires()
    {
        var time = new ManualTimeProvider();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        var cancelled = false;
        var stopSeenByRun = false;
        PeriodicWork? loop = null;
        loop = new PeriodicWork(time, s_period, async ct =>
        {
            Interlocked.Increment(ref runs);
            await gate.Task;
            stopSeenByRun = loop!.StopRequested;
            cancelled = ct.IsCancellationRequested;
        }, _ => { });
        await using (loop)
        {
            loop.Start();
            time.Advance(s_period);

            var stop = loop.StopAsync(CancellationToken.None);
            stop.IsCompleted.Should().BeFalse("the run in progress is awaited");
            time.ActiveTimers.Should().Be(0, "the timer is gone at once");
            gate.SetResult();
            await stop.WaitAsync(s_timeout);
            time.Advance(100 * s_period);

            runs.Should().Be(1);
            stopSeenByRun.Should().BeTrue("a long run can end at its next safe point");
            cancelled.Should().BeFalse("a graceful stop lets the run finish");
            loop.Start().Should().BeFalse("a stopped loop does not start again");
        }
    }

    [Fact]
    public async Task StopAsync_when_its_token_is_cancelled_cancels_the_run_without_reporting_an_error()
    {
        var time = new ManualTimeProvider();
        var errors = new ConcurrentQueue<Exception>();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = false;
        await using var loop = new PeriodicWork(time, s_period, async ct =>
        {
            entered.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
        }, errors.Enqueue);
        loop.Start();
        time.Advance(s_period);
        await entered.Task.WaitAsync(s_timeout);
        using var forced = new CancellationTokenSource();

        var stop = loop.StopAsync(forced.Token);
        stop.IsCompleted.Should().BeFalse();
        await forced.CancelAsync();
        await stop.WaitAsync(s_timeout);

        cancelled.Should().BeTrue();
        errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_failing_run_is_reported_and_the_next_tick_runs_again()
    {
        var time = new ManualTimeProvider();
        var errors = new ConcurrentQueue<Exception>();
        var runs = 0;
        await using var loop = new PeriodicWork(time, s_period, _ =>
        {
            return ++runs == 1 ? throw new InvalidOperationException("first run fails") : default(ValueTask);
        }, errors.Enqueue);
        loop.Start();

        time.Advance(2 * s_period);

        runs.Should().Be(2);
        errors.Should().ContainSingle().Which.Message.Should().Be("first run fails");
    }
}
