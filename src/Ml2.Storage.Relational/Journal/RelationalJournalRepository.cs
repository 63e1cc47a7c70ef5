using System.Data.Common;
using System.Text.Json;
using Ml2.Journal;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Relational.Journal;

/// <summary>
/// The journal in the <c>ml2_journal</c> table, one statement per method as the contract describes. Times are stored
/// as UTC ticks and states, resource types and operations as their numbers, so comparisons are plain integer ones on
/// every database.
/// </summary>
internal sealed class RelationalJournalRepository(RelationalTransaction transaction) : IJournalRepository
{
    private const string Columns =
        "seq, driver, resource_type, resource_id, operation, depends_on, body, original_body, state, attempts, created_at, next_attempt_at, locked_by, locked_at, last_error, completed_at";

    private const int Pending = (int)JournalEntryState.Pending;
    private const int Processing = (int)JournalEntryState.Processing;
    private const int Completed = (int)JournalEntryState.Completed;
    private const int Failed = (int)JournalEntryState.Failed;

    public async ValueTask<long> AppendAsync(JournalEntryDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var sequence = await transaction.WriteSession().Int64Async(
            "INSERT INTO ml2_journal (driver, resource_type, resource_id, operation, depends_on, body, original_body, state, attempts, created_at, next_attempt_at) " +
            "VALUES (@driver, @type, @resource, @operation, @depends, @body, @original, @state, 0, @created, @created) RETURNING seq",
            cancellationToken,
            new SqlArg("driver", draft.Driver),
            new SqlArg("type", (int)draft.ResourceType),
            new SqlArg("resource", draft.ResourceId),
            new SqlArg("operation", (int)draft.Operation),
            new SqlArg("depends", JsonSerializer.Serialize(draft.DependsOn, JournalJsonContext.Default.IReadOnlyListString)),
            new SqlArg("body", draft.Body),
            new SqlArg("original", draft.OriginalBody),
            new SqlArg("state", Pending),
            new SqlArg("created", draft.CreatedAt.UtcTicks)).ConfigureAwait(false);
        return sequence ?? throw new InvalidOperationException("The journal insert returned no sequence number.");
    }

    public async ValueTask<JournalEntry?> FindAsync(long sequence, CancellationToken cancellationToken = default)
    {
        var rows = await transaction.Session.QueryAsync($"SELECT {Columns} FROM ml2_journal WHERE seq = @seq", Read, cancellationToken, new SqlArg("seq", sequence))
            .ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async ValueTask<IReadOnlyList<JournalEntry>> ListAsync(JournalEntryState? state, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return state is { } only
            ? await transaction.Session.QueryAsync(
                $"SELECT {Columns} FROM ml2_journal WHERE state = @state ORDER BY seq LIMIT @limit",
                Read,
                cancellationToken,
                new SqlArg("state", (int)only),
                new SqlArg("limit", limit)).ConfigureAwait(false)
            : await transaction.Session.QueryAsync($"SELECT {Columns} FROM ml2_journal ORDER BY seq LIMIT @limit", Read, cancellationToken, new SqlArg("limit", limit))
                .ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<JournalEntry>> ListUnfinishedAsync(string driver, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(driver);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return await transaction.Session.QueryAsync(
            $"SELECT {Columns} FROM ml2_journal WHERE driver = @driver AND state IN (@pending, @processing) ORDER BY seq LIMIT @limit",
            Read,
            cancellationToken,
            new SqlArg("driver", driver),
            new SqlArg("pending", Pending),
            new SqlArg("processing", Processing),
            new SqlArg("limit", limit)).ConfigureAwait(false);
    }

    public async ValueTask<bool> TryClaimAsync(long sequence, string workerId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        return await transaction.WriteSession().ExecuteAsync(
            "UPDATE ml2_journal SET state = @processing, locked_by = @worker, locked_at = @now, attempts = attempts + 1 " +
            "WHERE seq = @seq AND state = @pending AND next_attempt_at <= @now",
            cancellationToken,
            new SqlArg("processing", Processing),
            new SqlArg("worker", workerId),
            new SqlArg("now", now.UtcTicks),
            new SqlArg("seq", sequence),
            new SqlArg("pending", Pending)).ConfigureAwait(false) == 1;
    }

    public async ValueTask<bool> CompleteAsync(long sequence, string workerId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        return await transaction.WriteSession().ExecuteAsync(
            "UPDATE ml2_journal SET state = @completed, completed_at = @now, locked_by = NULL, locked_at = NULL " +
            "WHERE seq = @seq AND state = @processing AND locked_by = @worker",
            cancellationToken,
            new SqlArg("completed", Completed),
            new SqlArg("now", now.UtcTicks),
            new SqlArg("seq", sequence),
            new SqlArg("processing", Processing),
            new SqlArg("worker", workerId)).ConfigureAwait(false) == 1;
    }

    public async ValueTask<bool> RetryLaterAsync(long sequence, string workerId, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        ArgumentNullException.ThrowIfNull(error);
        return await transaction.WriteSession().ExecuteAsync(
            "UPDATE ml2_journal SET state = @pending, next_attempt_at = @next, last_error = @error, locked_by = NULL, locked_at = NULL " +
            "WHERE seq = @seq AND state = @processing AND locked_by = @worker",
            cancellationToken,
            new SqlArg("pending", Pending),
            new SqlArg("next", nextAttemptAt.UtcTicks),
            new SqlArg("error", error),
            new SqlArg("seq", sequence),
            new SqlArg("processing", Processing),
            new SqlArg("worker", workerId)).ConfigureAwait(false) == 1;
    }

    public async ValueTask<bool> FailAsync(long sequence, string workerId, string error, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        ArgumentNullException.ThrowIfNull(error);
        return await transaction.WriteSession().ExecuteAsync(
            "UPDATE ml2_journal SET state = @failed, last_error = @error, completed_at = @now, locked_by = NULL, locked_at = NULL " +
            "WHERE seq = @seq AND state = @processing AND locked_by = @worker",
            cancellationToken,
            new SqlArg("failed", Failed),
            new SqlArg("error", error),
            new SqlArg("now", now.UtcTicks),
            new SqlArg("seq", sequence),
            new SqlArg("processing", Processing),
            new SqlArg("worker", workerId)).ConfigureAwait(false) == 1;
    }

    public ValueTask<int> ReleaseStaleAsync(DateTimeOffset lockedBefore, CancellationToken cancellationToken = default) =>
        transaction.WriteSession().ExecuteAsync(
            "UPDATE ml2_journal SET state = @pending, locked_by = NULL, locked_at = NULL WHERE state = @processing AND locked_at < @before",
            cancellationToken,
            new SqlArg("pending", Pending),
            new SqlArg("processing", Processing),
            new SqlArg("before", lockedBefore.UtcTicks));

    public ValueTask<int> PurgeCompletedAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken = default) =>
        transaction.WriteSession().ExecuteAsync(
            "DELETE FROM ml2_journal WHERE state = @completed AND completed_at < @before",
            cancellationToken,
            new SqlArg("completed", Completed),
            new SqlArg("before", completedBefore.UtcTicks));

    private static JournalEntry Read(DbDataReader row) => new()
    {
        Sequence = row.GetInt64(0),
        Driver = row.GetString(1),
        ResourceType = (JournalResourceType)row.GetInt32(2),
        ResourceId = row.GetString(3),
        Operation = (JournalOperation)row.GetInt32(4),
        DependsOn = JsonSerializer.Deserialize(row.GetString(5), JournalJsonContext.Default.IReadOnlyListString) ?? [],
        Body = row.GetString(6),
        OriginalBody = row.IsDBNull(7) ? null : row.GetString(7),
        State = (JournalEntryState)row.GetInt32(8),
        Attempts = row.GetInt32(9),
        CreatedAt = Time(row.GetInt64(10)),
        NextAttemptAt = Time(row.GetInt64(11)),
        LockedBy = row.IsDBNull(12) ? null : row.GetString(12),
        LockedAt = row.IsDBNull(13) ? null : Time(row.GetInt64(13)),
        LastError = row.IsDBNull(14) ? null : row.GetString(14),
        CompletedAt = row.IsDBNull(15) ? null : Time(row.GetInt64(15)),
    };

    private static DateTimeOffset Time(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
