using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ml2.Diagnostics;

/// <summary>
/// A counter of re-runs of units of work that lost a concurrency race, by <c>ml2.operation</c>, <c>error.type</c> and
/// <c>ml2.retry.reason</c>: <c>ml2.retries</c> on the ML2 meter, <c>lbaas.retries</c> on the LBaaS meter (compiled
/// into Ml2.Core and Lbaas.Core).
/// </summary>
internal sealed class RetryCounter
{
    private readonly Counter<long> _retries;

    /// <summary>Counts in <paramref name="retries"/> (unit <c>{retry}</c>), created by the engine on its meter.</summary>
    public RetryCounter(Counter<long> retries)
    {
        ArgumentNullException.ThrowIfNull(retries);
        _retries = retries;
    }

    /// <summary>Counts one re-run of <paramref name="operation"/> after <paramref name="exception"/>.</summary>
    public void Add(string operation, Exception exception)
    {
        if (_retries.Enabled)
        {
            _retries.Add(1, new TagList { { Ml2Attributes.Operation, operation }, { Ml2Attributes.ErrorType, Ml2Tracing.ErrorTypeOf(exception) }, { Ml2Attributes.RetryReason, Ml2Tracing.RetryReasonOf(exception) } });
        }
    }
}
