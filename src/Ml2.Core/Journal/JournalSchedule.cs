using Ml2.Configuration;

namespace Ml2.Journal;

/// <summary>
/// When a journal entry may be delivered: which unfinished entries are eligible now, how long a failed entry waits
/// before its next attempt, and when it fails for good. Pure: no store, no clock, no state (the random jitter is an
/// argument).
/// </summary>
/// <remarks>
/// An entry is eligible when it is pending, due, and no earlier unfinished entry of the same driver (a) is about the
/// same resource, (b) is about a resource the entry depends on, or (c) depends on the entry's resource. (a) keeps a
/// resource's changes in order, (b) delivers a port after its network and subnets, (c) delivers a network's delete
/// after the deletes of its ports and subnets.
/// </remarks>
internal static class JournalSchedule
{
    /// <summary>The entries that may be claimed now (see the class remarks), in sequence order.</summary>
    /// <param name="unfinished">A driver's unfinished entries (pending or processing), in sequence order.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The eligible entries, in sequence order.</returns>
    public static List<JournalEntry> Eligible(IReadOnlyList<JournalEntry> unfinished, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(unfinished);
        var eligible = new List<JournalEntry>();
        var earlierResources = new HashSet<string>(StringComparer.Ordinal);
        var earlierDependencies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in unfinished)
        {
            var blocked = earlierResources.Contains(entry.ResourceId)
                || earlierDependencies.Contains(entry.ResourceId)
                || entry.DependsOn.Any(earlierResources.Contains);
            if (!blocked && entry.State == JournalEntryState.Pending && entry.NextAttemptAt <= now)
            {
                eligible.Add(entry);
            }

            earlierResources.Add(entry.ResourceId);
            earlierDependencies.UnionWith(entry.DependsOn);
        }

        return eligible;
    }

    /// <summary>Whether an entry whose attempt number <paramref name="attempts"/> just failed is failed for good.</summary>
    /// <param name="attempts">The attempts made so far, the failed one included.</param>
    /// <param name="options">The journal options (<see cref="JournalOptions.MaxAttempts"/>).</param>
    /// <returns>True when no further attempt is made.</returns>
    public static bool AttemptsExhausted(int attempts, JournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return attempts >= options.MaxAttempts;
    }

    /// <summary>
    /// The delay before attempt <paramref name="attempts"/> + 1: <see cref="JournalOptions.RetryBaseDelay"/> x
    /// 2^(attempts-1), capped at <see cref="JournalOptions.RetryMaxDelay"/>, minus a random jitter of up to half.
    /// </summary>
    /// <param name="attempts">The attempts made so far.</param>
    /// <param name="options">The journal options.</param>
    /// <param name="random">The source of the jitter.</param>
    /// <returns>The delay.</returns>
    public static TimeSpan Backoff(int attempts, JournalOptions options, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = Math.Min(options.RetryMaxDelay.Ticks, (double)options.RetryBaseDelay.Ticks * (1L << exponent));
        var delay = (long)ticks;
        return TimeSpan.FromTicks(delay - random.NextInt64((delay / 2) + 1));
    }
}
