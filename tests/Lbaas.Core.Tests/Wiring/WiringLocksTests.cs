using Lbaas.Wiring;

namespace Lbaas.Core.Tests.Wiring;

/// <summary>
/// The in-process serialisation of wiring calls. Deterministic without sleeping: an uncontended stripe is taken
/// synchronously, so whether the second action has started is known as soon as RunAsync returns.
/// </summary>
public sealed class WiringLocksTests
{
    [Fact]
    public async Task RunAsync_when_the_same_device_is_busy_waits_until_the_first_call_ends()
    {
        using var locks = new WiringLocks();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondStarted = false;

        var first = locks.RunAsync("dev-1", "lb-1", async _ => { await gate.Task; return 1; }, CancellationToken.None);
        var second = locks.RunAsync("dev-1", "lb-2", _ => { secondStarted = true; return ValueTask.FromResult(2); }, CancellationToken.None);

        secondStarted.Should().BeFalse();
        second.IsCompleted.Should().BeFalse();
        gate.SetResult();
        (await first).Should().Be(1);
        (await second).Should().Be(2);
        secondStarted.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_when_the_same_load_balancer_is_wired_on_another_device_waits_until_the_first_call_ends()
    {
        using var locks = new WiringLocks();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondStarted = false;

        var first = locks.RunAsync("dev-1", "lb-1", async _ => { await gate.Task; return 1; }, CancellationToken.None);
        var second = locks.RunAsync("dev-2", "lb-1", _ => { secondStarted = true; return ValueTask.FromResult(2); }, CancellationToken.None);

        secondStarted.Should().BeFalse();
        gate.SetResult();
        await first;
        await second;
        secondStarted.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_when_keys_come_in_opposite_order_both_complete()
    {
        using var locks = new WiringLocks();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = locks.RunAsync("a", "b", async _ => { await gate.Task; return 1; }, CancellationToken.None).AsTask();
        var second = locks.RunAsync("b", "a", _ => ValueTask.FromResult(2), CancellationToken.None).AsTask();
        gate.SetResult();

        (await Task.WhenAll(first, second)).Should().Equal(1, 2);
    }

    [Fact]
    public async Task RunAsync_when_the_action_throws_releases_the_stripes()
    {
        using var locks = new WiringLocks();

        var failing = async () => await locks.RunAsync<int>("dev-1", "lb-1", _ => throw new InvalidOperationException("boom"), CancellationToken.None);
        await failing.Should().ThrowAsync<InvalidOperationException>();

        var next = locks.RunAsync("dev-1", "lb-1", _ => ValueTask.FromResult(3), CancellationToken.None);
        next.IsCompletedSuccessfully.Should().BeTrue();
        (await next).Should().Be(3);
    }

    [Fact]
    public async Task RunAsync_when_cancelled_while_waiting_throws_and_leaves_the_holder_alone()
    {
        using var locks = new WiringLocks();
        using var cts = new CancellationTokenSource();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = locks.RunAsync("dev-1", "lb-1", async _ => { await gate.Task; return 1; }, CancellationToken.None);

        var waiting = locks.RunAsync("dev-1", "lb-2", _ => ValueTask.FromResult(2), cts.Token).AsTask();
        await cts.CancelAsync();

        await waiting.Awaiting(t => t).Should().ThrowAsync<OperationCanceledException>();
        gate.SetResult();
        (await first).Should().Be(1);
        (await locks.RunAsync("dev-1", "lb-2", _ => ValueTask.FromResult(2), CancellationToken.None)).Should().Be(2);
    }
}
