namespace Ml2.Diagnostics;

/// <summary>The attribute (tag) keys of the ML2 metrics and spans; <c>docs/telemetry.md</c> describes each.</summary>
internal static partial class Ml2Attributes
{
    public const string Driver = "ml2.driver";
    public const string Hook = "ml2.hook";
    public const string NetworkType = "ml2.network_type";
    public const string PortId = "ml2.port.id";
    public const string BindingHost = "ml2.binding.host";
    public const string BindingLevel = "ml2.binding.level";
    public const string BindingLevels = "ml2.binding.levels";
    public const string BindingOutcome = "ml2.binding.outcome";
    public const string BindingVifType = "ml2.binding.vif_type";
    public const string SegmentId = "ml2.segment.id";
    public const string JournalSequence = "ml2.journal.sequence";
    public const string JournalOperation = "ml2.journal.operation";
    public const string JournalResourceType = "ml2.journal.resource_type";
    public const string JournalAttempt = "ml2.journal.attempt";
    public const string JournalOutcome = "ml2.journal.outcome";
}
