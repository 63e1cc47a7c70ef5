namespace Ml2.TestUtilities;

/// <summary>Holds driver calls until released; <see cref="Entered"/> completes when the first call reaches the gate.</summary>
public sealed class DriverGate
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DriverCall> _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Waiter)> _waiters = [];
    private int _count;

    /// <summary>The first call that reached the gate.</summary>
    public Task<DriverCall> Entered => _entered.Task;

    public void Release() => _release.TrySetResult();

    /// <summary>Completes when <paramref name="count"/> calls have reached the gate.</summary>
    public Task WhenEnteredAsync(int count)
    {
        lock (_gate)
        {
            if (_count >= count)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, waiter));
            return waiter.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    internal async Task WaitAsync(DriverCall call, CancellationToken cancellationToken)
    {
        _entered.TrySetResult(call);
        lock (_gate)
        {
            _count++;
            foreach (var (count, waiter) in _waiters.Where(w => w.Count <= _count).ToList())
            {
                waiter.TrySetResult();
                _waiters.Remove((count, waiter));
            }
        }

        await _release.Task.WaitAsync(cancellationToken);
    }
}
