using Ml2.Journal;

namespace Ml2.Storage;

/// <summary>
/// The journal table (<c>ml2_journal</c>): changes journaled mechanism drivers must deliver, with their delivery state.
/// Appends happen in the operation's transaction (they commit or roll back with it); the worker changes states in
/// small transactions of its own. Every method maps to one simple SQL statement.
/// </summary>
/// <remarks>
/// <para>Suggested SQL shape: <c>seq</c> (auto-increment primary key), <c>driver</c>, <c>resource_type</c>,
/// <c>resource_id</c>, <c>operation</c>, <c>depends_on</c> (JSON array of strings), <c>body</c>, <c>original_body</c>
/// (null), <c>state</c>, <c>attempts</c>, <c>created_at</c>, <c>next_attempt_at</c>, <c>locked_by</c> (null),
/// <c>locked_at</c> (null), <c>last_error</c> (null), <c>completed_at</c> (null); an index on
/// <c>(driver, state, seq)</c>. The statements quoted below use those names.</para>
/// <para>Like every repository, reads see committed rows plus this transaction's own writes; writes through a read-only
/// transaction throw <see cref="InvalidOperationException"/>. The state-changing methods are compare-and-set on the row
/// (<c>UPDATE ... WHERE</c> with the expected state and lock owner) and report through their result whether they
/// applied, so two controller instances sharing a database never both deliver an entry.</para>
/// <para>Sequence order: entries are delivered in <c>seq</c> order per driver. With a SQL store, two concurrent
/// operations may commit out of <c>seq</c> order; they cannot touch the same resource (revision compare-and-set), so
/// per-resource order holds.</para>
/// </remarks>
public interface IJournalRepository
{
    /// <summary>
    /// Appends an entry: <c>INSERT</c> with <c>state = pending</c>, <c>attempts = 0</c>,
    /// <c>created_at = next_attempt_at = draft.CreatedAt</c> and every lock, error and completion column null.
    /// </summary>
    /// <param name="draft">The entry.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new sequence number: greater than every committed sequence (gaps allowed; a number given to a rolled-back append may be given again).</returns>
    ValueTask<long> AppendAsync(JournalEntryDraft draft, CancellationToken cancellationToken = default);

    /// <summary>Finds one entry: <c>SELECT ... WHERE seq = @seq</c>.</summary>
    /// <param name="sequence">The sequence number.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entry, or null (never appended, rolled back, or purged).</returns>
    ValueTask<JournalEntry?> FindAsync(long sequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists entries for inspection: <c>SELECT ... WHERE (@state IS NULL OR state = @state) ORDER BY seq LIMIT @limit</c>.
    /// </summary>
    /// <param name="state">Only this state, or every state when null.</param>
    /// <param name="limit">The maximum number of entries; positive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries, oldest (lowest sequence) first.</returns>
    ValueTask<IReadOnlyList<JournalEntry>> ListAsync(JournalEntryState? state, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the entries of one driver that still have to be delivered: <c>SELECT ... WHERE driver = @driver AND state IN
    /// (pending, processing) ORDER BY seq LIMIT @limit</c>. Pending entries not yet due (<c>next_attempt_at</c> in the
    /// future) are included: they still hold back later entries of the same resources.
    /// </summary>
    /// <param name="driver">The driver name (ordinal comparison).</param>
    /// <param name="limit">The maximum number of entries; positive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries, oldest (lowest sequence) first.</returns>
    ValueTask<IReadOnlyList<JournalEntry>> ListUnfinishedAsync(string driver, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims an entry for delivery (compare-and-set): <c>UPDATE ... SET state = processing, locked_by = @worker,
    /// locked_at = @now, attempts = attempts + 1 WHERE seq = @seq AND state = pending AND next_attempt_at &lt;= @now</c>.
    /// </summary>
    /// <param name="sequence">The sequence number.</param>
    /// <param name="workerId">The claiming worker.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>
    /// True when exactly this call moved the row to processing; false when the row is gone, not pending (another worker
    /// claimed it, or it finished) or not yet due.
    /// </returns>
    ValueTask<bool> TryClaimAsync(long sequence, string workerId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks a delivered entry completed: <c>UPDATE ... SET state = completed, completed_at = @now, locked_by = NULL,
    /// locked_at = NULL WHERE seq = @seq AND state = processing AND locked_by = @worker</c>. <c>last_error</c> and
    /// <c>attempts</c> are kept.
    /// </summary>
    /// <param name="sequence">The sequence number.</param>
    /// <param name="workerId">The worker that claimed it.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when the row changed; false when the worker no longer holds it (e.g. its lock was released as stale).</returns>
    ValueTask<bool> CompleteAsync(long sequence, string workerId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts an entry whose delivery failed back for a later attempt: <c>UPDATE ... SET state = pending,
    /// next_attempt_at = @nextAttemptAt, last_error = @error, locked_by = NULL, locked_at = NULL WHERE seq = @seq AND
    /// state = processing AND locked_by = @worker</c>. <c>attempts</c> is kept (the claim counted the attempt).
    /// </summary>
    /// <param name="sequence">The sequence number.</param>
    /// <param name="workerId">The worker that claimed it.</param>
    /// <param name="error">What went wrong (for operators).</param>
    /// <param name="nextAttemptAt">The earliest time of the next claim.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when the row changed; false when the worker no longer holds it.</returns>
    ValueTask<bool> RetryLaterAsync(long sequence, string workerId, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives up on an entry: <c>UPDATE ... SET state = failed, last_error = @error, completed_at = @now,
    /// locked_by = NULL, locked_at = NULL WHERE seq = @seq AND state = processing AND locked_by = @worker</c>. Failed
    /// entries are terminal, no longer hold back later entries, and are never purged.
    /// </summary>
    /// <param name="sequence">The sequence number.</param>
    /// <param name="workerId">The worker that claimed it.</param>
    /// <param name="error">What went wrong (for operators).</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when the row changed; false when the worker no longer holds it.</returns>
    ValueTask<bool> FailAsync(long sequence, string workerId, string error, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hands back the entries of workers that died while delivering: <c>UPDATE ... SET state = pending,
    /// locked_by = NULL, locked_at = NULL WHERE state = processing AND locked_at &lt; @lockedBefore</c>. <c>attempts</c>
    /// and <c>next_attempt_at</c> are kept, so the entry is due at once.
    /// </summary>
    /// <param name="lockedBefore">Locks taken strictly before this time are stale.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The number of entries released.</returns>
    ValueTask<int> ReleaseStaleAsync(DateTimeOffset lockedBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes completed entries past their retention: <c>DELETE ... WHERE state = completed AND completed_at &lt;
    /// @completedBefore</c>. Pending, processing and failed entries are never deleted.
    /// </summary>
    /// <param name="completedBefore">Entries completed strictly before this time are deleted.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The number of entries deleted.</returns>
    ValueTask<int> PurgeCompletedAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken = default);
}
