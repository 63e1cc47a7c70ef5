using Microsoft.Extensions.Configuration;

namespace Ml2.Configuration;

/// <summary>
/// Thresholds of the ML2 health checks added by <c>AddMl2Checks()</c> (configuration section <c>ml2:health</c>, bound by
/// <c>AddMl2(IConfiguration)</c>). Durations bind from <c>hh:mm:ss</c> strings. Validated at start.
/// </summary>
/// <remarks>
/// The journal check reports Degraded when more than <see cref="JournalMaxPending"/> entries wait for delivery or the
/// oldest waiting entry is older than <see cref="JournalMaxPendingAge"/>, and fails (Unhealthy, or the registration's
/// failure status) as soon as one entry has failed for good: that change never reaches its driver's controller.
/// </remarks>
public sealed class Ml2HealthCheckOptions
{
    /// <summary>The default <see cref="JournalMaxPending"/>: 100 entries (one worker batch).</summary>
    public const int DefaultJournalMaxPending = 100;

    /// <summary>The largest <see cref="JournalMaxPending"/>: the check reads at most one entry more than it.</summary>
    public const int MaxJournalMaxPending = 10_000;

    /// <summary>The default <see cref="JournalMaxPendingAge"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultJournalMaxPendingAge = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many journal entries may wait for delivery (state pending) before the journal check reports Degraded
    /// (<c>journal_max_pending</c>); 0 reports Degraded whenever one waits. Between 0 and 10000.
    /// <value>The default value is 100.</value>
    /// </summary>
    [ConfigurationKeyName("journal_max_pending")]
    public int JournalMaxPending { get; set; } = DefaultJournalMaxPending;

    /// <summary>
    /// How long the oldest pending journal entry may have waited (since it was appended) before the journal check
    /// reports Degraded (<c>journal_max_pending_age</c>). Positive. An entry retried with backoff keeps its age, so a
    /// controller that has refused deliveries for this long shows here before its entries fail for good.
    /// <value>The default value is 5 minutes.</value>
    /// </summary>
    [ConfigurationKeyName("journal_max_pending_age")]
    public TimeSpan JournalMaxPendingAge { get; set; } = DefaultJournalMaxPendingAge;
}
