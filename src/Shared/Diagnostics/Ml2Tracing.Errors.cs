using System.Diagnostics;
using Ml2.Exceptions;

namespace Ml2.Diagnostics;

/// <summary>How both engines mark a failed span and name an error (compiled into Ml2.Core and Lbaas.Core).</summary>
internal static partial class Ml2Tracing
{
    /// <summary>The event added to the current span each time a unit of work is re-run after a lost race.</summary>
    public const string RetryEvent = "ml2.retry";

    /// <summary>The error type of a span or measurement that stopped without a known exception.</summary>
    public const string OtherError = "_OTHER";

    /// <summary>
    /// The <c>error.type</c> of an exception: the Neutron error type of an <see cref="Ml2Exception"/> (e.g.
    /// <c>NetworkNotFound</c>), otherwise the exception's full type name.
    /// </summary>
    public static string ErrorTypeOf(Exception exception) =>
        exception is Ml2Exception ml2 ? ml2.ErrorType : exception.GetType().FullName ?? exception.GetType().Name;

    /// <summary>Why a unit of work was re-run: the store's conflict code (a SQLSTATE, a SQLite code, <c>pool-race</c>), or <c>revision</c> for a lost compare-and-set.</summary>
    public static string RetryReasonOf(Exception exception) => exception switch
    {
        StoreConflictException store => store.Code,
        ConcurrencyConflictException => "revision",
        _ => OtherError,
    };

    /// <summary>Marks a span failed: status Error with the message, <c>error.type</c>, and an <c>exception</c> event.</summary>
    public static void Fail(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.SetTag(Ml2Attributes.ErrorType, ErrorTypeOf(exception));
        activity.AddException(exception);
    }
}
