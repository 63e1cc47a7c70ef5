using System.Diagnostics;
using Ml2.Diagnostics;

namespace Ml2.Plugin;

/// <summary>The telemetry of one plugin operation: an activity (when listened to), a counter and a duration.</summary>
internal sealed class OperationScope(string operation, Activity? activity) : IDisposable
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private bool _succeeded;

    /// <summary>Marks the operation successful; call last.</summary>
    public void Succeeded()
    {
        _succeeded = true;
        Ml2Metrics.OperationCompleted(operation, true, _start);
        activity?.SetStatus(ActivityStatusCode.Ok);
    }

    public void Dispose()
    {
        if (!_succeeded)
        {
            Ml2Metrics.OperationCompleted(operation, false, _start);
            activity?.SetStatus(ActivityStatusCode.Error);
        }

        activity?.Dispose();
    }
}
