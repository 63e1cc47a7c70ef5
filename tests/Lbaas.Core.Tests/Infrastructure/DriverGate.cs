namespace Lbaas.Core.Tests.Infrastructure;

/// <summary>Holds driver calls until released; <see cref="Entered"/> completes when the first call reaches the gate.</summary>
public sealed class DriverGate
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DriverCall> _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The first call that reached the gate.</summary>
    public Task<DriverCall> Entered => _entered.Task;

    public void Release() => _release.TrySetResult();

    internal async Task WaitAsync(DriverCall call, CancellationToken cancellationToken)
    {
        _entered.TrySetResult(call);
        await _release.Task.WaitAsync(cancellationToken);
    }
}
