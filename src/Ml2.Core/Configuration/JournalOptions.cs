using Microsoft.Extensions.Configuration;

namespace Ml2.Configuration;

/// <summary>
/// Options of the journal that delivers changes to journaled mechanism drivers (<c>[ml2_journal]</c>; the networking-odl
/// v2 journal: <c>retry_count</c>, <c>processing_timeout</c>, <c>completed_rows_retention</c>). Durations bind from
/// <c>hh:mm:ss</c> strings.
/// </summary>
public sealed class JournalOptions
{
    /// <summary>
    /// Whether this process runs the journal worker on a timer once the plugin starts (<c>journal_run_worker</c>).
    /// Turn it off in processes that should only write the journal; <see cref="Journal.IJournal.RunOnceAsync"/> still works.
    /// <value>The default value is true.</value>
    /// </summary>
    [ConfigurationKeyName("journal_run_worker")]
    public bool RunWorker { get; set; } = true;

    /// <summary>
    /// Delivery attempts of one entry before it is marked failed (<c>journal_max_attempts</c>, networking-odl's
    /// <c>retry_count</c>).
    /// <value>The default value is 5.</value>
    /// </summary>
    [ConfigurationKeyName("journal_max_attempts")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// The delay after the first failed attempt (<c>journal_retry_base_delay</c>); it doubles with each further
    /// failure, up to <see cref="RetryMaxDelay"/>, and a random jitter takes up to half of it off.
    /// <value>The default value is 1 second.</value>
    /// </summary>
    [ConfigurationKeyName("journal_retry_base_delay")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest delay between attempts (<c>journal_retry_max_delay</c>).
    /// <value>The default value is 60 seconds.</value>
    /// </summary>
    [ConfigurationKeyName("journal_retry_max_delay")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a worker may hold an entry before another worker takes it back as stale (<c>journal_lock_timeout</c>,
    /// networking-odl's <c>processing_timeout</c>). Must exceed the longest delivery.
    /// <value>The default value is 100 seconds.</value>
    /// </summary>
    [ConfigurationKeyName("journal_lock_timeout")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// How long completed entries are kept before they are purged (<c>journal_retention</c>, networking-odl's
    /// <c>completed_rows_retention</c>); zero purges them on the next pass. Failed entries are never purged.
    /// <value>The default value is 1 day.</value>
    /// </summary>
    [ConfigurationKeyName("journal_retention")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How often the worker runs a pass (<c>journal_poll_interval</c>).
    /// <value>The default value is 1 second.</value>
    /// </summary>
    [ConfigurationKeyName("journal_poll_interval")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many unfinished entries of one driver the worker reads at a time (<c>journal_batch_size</c>).
    /// <value>The default value is 100.</value>
    /// </summary>
    [ConfigurationKeyName("journal_batch_size")]
    public int BatchSize { get; set; } = 100;
}
