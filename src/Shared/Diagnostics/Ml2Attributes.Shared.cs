namespace Ml2.Diagnostics;

/// <summary>The attribute keys both engines write: <c>error.type</c> and those of a retried unit of work (compiled into Ml2.Core and Lbaas.Core).</summary>
internal static partial class Ml2Attributes
{
    /// <summary>OpenTelemetry's error attribute: a Neutron error type or an exception's full type name.</summary>
    public const string ErrorType = "error.type";

    public const string Operation = "ml2.operation";
    public const string RetryAttempt = "ml2.retry.attempt";
    public const string RetryDelay = "ml2.retry.delay";
    public const string RetryReason = "ml2.retry.reason";
}
