namespace Ml2.Hosting;

/// <summary>
/// Runs a piece of background work every period on a <see cref="TimeProvider"/> timer: the one timer loop behind the
/// journal worker, the pending reaper, the agent monitor and the agents' heartbeats. The first run is one period after
/// <see cref="Start"/>. A run starts on the thread the timer fires on (with a manual clock in tests: inside
/// <c>Advance</c>, at the due time) and never overlaps the previous one: a tick that falls due while a run is still going
/// is remembered, and runs once right after it (ticks coalesce, none is lost and none piles up).
/// </summary>
/// <remarks>
/// <see cref="StopAsync"/> is the graceful stop: no tick fires any more, <see cref="StopRequested"/> turns true so a long
/// run can end at its next safe point, and the call waits for the run in progress. When the caller's token is
/// cancelled first (the host's shutdown timeout), the run's own token is cancelled so it hands its work back, and the
/// call still waits for it to end. A stopped loop does not start again. Exceptions of a run go to the error callback,
/// except cancellations caused by the stop.
/// </remarks>
internal sealed class PeriodicWork : IAsyncDisposable, IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _period;
    private readonly Func<CancellationToken, ValueTask> _work;
    private readonly Action<Exception> _onError;
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private Task _running = Task.CompletedTask;
    private bool _busy;
    private bool _tickMissed;
    private volatile bool _stopping;

    /// <summary>Creates a stopped loop.</summary>
    /// <param name="time">The clock whose timer drives the loop.</param>
    /// <param name="period">The time between runs; positive when the loop is started.</param>
    /// <param name="work">One run; its token is cancelled when a stop is forced or the loop is disposed.</param>
    /// <param name="onError">Receives what a run throws (it must not throw itself).</param>
    public PeriodicWork(TimeProvider time, TimeSpan period, Func<CancellationToken, ValueTask> work, Action<Exception> onError)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(onError);
        _time = time;
        _period = period;
        _work = work;
        _onError = onError;
    }

    /// <summary>Whether <see cref="Start"/> ran and no stop has been asked for.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _timer is not null && !_stopping;
            }
        }
    }

    /// <summary>True once a stop has been asked for: a long run ends at its next safe point.</summary>
    public bool StopRequested => _stopping;

    /// <summary>Starts the timer, once.</summary>
    /// <returns>False when already started or stopped.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The period is not positive.</exception>
    public bool Start()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_period, TimeSpan.Zero);
        lock (_gate)
        {
            if (_timer is not null || _stopping)
            {
                return false;
            }

            _timer = _time.CreateTimer(static state => ((PeriodicWork)state!).OnTick(), this, _period, _period);
            return true;
        }
    }

    /// <summary>
    /// Stops the timer and waits for the run in progress; when <paramref name="cancellationToken"/> is cancelled
    /// first, cancels the run's token and waits for it to end.
    /// </summary>
    /// <param name="cancellationToken">Forces the stop (the run is cancelled), e.g. the host's shutdown timeout.</param>
    /// <returns>A task that completes when no run is in progress and none will start.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task running;
        lock (_gate)
        {
            _stopping = true;
            _timer?.Dispose();
            _timer = null;
            running = _running;
        }

        if (running.IsCompleted)
        {
            return;
        }

        using (cancellationToken.Register(static state => ((PeriodicWork)state!).Abort(), this))
        {
            await running.ConfigureAwait(false);
        }
    }

    /// <summary>Stops at once: the timer is gone, a run in progress is cancelled and awaited.</summary>
    /// <returns>A task that completes when the run has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        _abort.Dispose();
    }

    /// <summary>Stops the timer and cancels a run in progress without waiting for it (a synchronous disposal).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            _timer?.Dispose();
            _timer = null;
        }

        Abort();
    }

    private void Abort()
    {
        try
        {
            _abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: nothing runs any more.
        }
    }

    private void OnTick()
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            if (_busy)
            {
                _tickMissed = true;
                return;
            }

            _busy = true;
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _running = done.Task;
        }

        _ = RunAsync(done);
    }

    private async Task RunAsync(TaskCompletionSource done)
    {
        try
        {
            while (true)
            {
                try
                {
                    await _work(_abort.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stopping)
                {
                    // Stopping.
                }
                catch (Exception ex)
                {
                    Report(ex);
                }

                lock (_gate)
                {
                    if (!_tickMissed || _stopping)
                    {
                        _busy = false;
                        _tickMissed = false;
                        break;
                    }

                    _tickMissed = false;
                }
            }
        }
        finally
        {
            done.TrySetResult();
        }
    }

    private void Report(Exception exception)
    {
        try
        {
            _onError(exception);
        }
        catch (Exception)
        {
            // The error callback logs; a failing logger must not end the loop.
        }
    }
}
