using System.Diagnostics;

namespace Ml2.Diagnostics;

/// <summary>
/// The ML2 spans, on the activity source <see cref="Ml2Telemetry.ActivitySourceName"/>. Callers check
/// <see cref="ActivitySource.HasListeners"/> (or a null activity) before building names or tags, so a process nobody
/// traces allocates nothing for tracing.
/// </summary>
internal static partial class Ml2Tracing
{
    /// <summary>One mechanism driver's precommit hook, inside the operation's transaction.</summary>
    public const string PrecommitSpan = "ml2.mechanism_driver.precommit";

    /// <summary>One mechanism driver's postcommit hook, after the commit.</summary>
    public const string PostcommitSpan = "ml2.mechanism_driver.postcommit";

    /// <summary>One binding attempt of a port, level by level over its segments.</summary>
    public const string PortBindingSpan = "ml2.port_binding";

    /// <summary>One mechanism driver's try at binding one level.</summary>
    public const string BindPortSpan = "ml2.mechanism_driver.bind_port";

    /// <summary>One journal entry delivered to a journaled driver.</summary>
    public const string JournalDeliverySpan = "ml2.journal.delivery";

    public static readonly ActivitySource Source = new(Ml2Telemetry.ActivitySourceName, PackageVersion.Of(typeof(Ml2Tracing)));

    /// <summary>A plugin operation's span, <c>ml2.{operation}</c>, or null when nobody listens.</summary>
    public static Activity? StartOperation(string operation)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("ml2." + operation);
        activity?.SetTag(Ml2Attributes.Operation, operation);
        return activity;
    }

    /// <summary>A mechanism driver hook's span (the caller checked that somebody listens).</summary>
    public static Activity? StartHook(string hook, bool precommit, string driver)
    {
        var activity = Source.StartActivity(precommit ? PrecommitSpan : PostcommitSpan);
        if (activity is not null)
        {
            activity.SetTag(Ml2Attributes.Driver, driver);
            activity.SetTag(Ml2Attributes.Hook, hook);
        }

        return activity;
    }
}
