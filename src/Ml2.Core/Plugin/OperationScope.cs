using System.Diagnostics;
using Ml2.Diagnostics;

namespace Ml2.Plugin;

/// <summary>
/// The telemetry of one plugin operation: its span (when listened to), a count and a duration, with <c>error.type</c>
/// when it fails. Each operation's body runs in <c>try { } catch (Exception ex) when (scope.Failed(ex)) { throw; }</c>:
/// the filter sees the exception that leaves the operation without catching it.
/// </summary>
internal sealed class OperationScope(string operation, Activity? activity, Ml2Metrics metrics) : IDisposable
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private bool _succeeded;
    private Exception? _failure;

    /// <summary>Marks the operation successful; call last.</summary>
    public void Succeeded()
    {
        _succeeded = true;
        metrics.OperationCompleted(operation, _start, null);
        activity?.SetStatus(ActivityStatusCode.Ok);
    }

    /// <summary>Remembers the exception leaving the operation; an exception filter, so it returns false.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>False: the exception is not caught.</returns>
    public bool Failed(Exception exception)
    {
        _failure = exception;
        return false;
    }

    public void Dispose()
    {
        if (!_succeeded)
        {
            metrics.OperationCompleted(operation, _start, _failure is null ? Ml2Tracing.OtherError : Ml2Tracing.ErrorTypeOf(_failure));
            if (_failure is not null)
            {
                Ml2Tracing.Fail(activity, _failure);
            }
            else if (activity is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error);
                activity.SetTag(Ml2Attributes.ErrorType, Ml2Tracing.OtherError);
            }
        }

        activity?.Dispose();
    }
}
