using Microsoft.Extensions.Logging;
using Ml2.Diagnostics;

namespace Ml2.Journal;

/// <summary>The log messages of the journal worker and its delivery pass (category <see cref="JournalWorker"/>).</summary>
internal static partial class JournalLog
{
    [LoggerMessage(EventId = Ml2EventIds.JournalEntryDelivered, EventName = nameof(EntryDelivered), Level = LogLevel.Debug,
        Message = "Journal entry {Sequence} ({Operation} {ResourceType} {ResourceId}) delivered to '{DriverName}' on attempt {Attempt}.")]
    public static partial void EntryDelivered(ILogger logger, long sequence, JournalOperation operation, JournalResourceType resourceType, string resourceId, string driverName, int attempt);

    [LoggerMessage(EventId = Ml2EventIds.JournalDeliveryRetried, EventName = nameof(DeliveryRetried), Level = LogLevel.Warning,
        Message = "Delivering journal entry {Sequence} ({Operation} {ResourceType} {ResourceId}) to '{DriverName}' failed on attempt {Attempt} of {MaxAttempts}; next attempt at {NextAttemptAt:o}.")]
    public static partial void DeliveryRetried(ILogger logger, long sequence, JournalOperation operation, JournalResourceType resourceType, string resourceId, string driverName, int attempt, int maxAttempts, DateTimeOffset nextAttemptAt, Exception exception);

    [LoggerMessage(EventId = Ml2EventIds.JournalEntryFailed, EventName = nameof(EntryFailed), Level = LogLevel.Error,
        Message = "Journal entry {Sequence} ({Operation} {ResourceType} {ResourceId}) for '{DriverName}' failed for good after {Attempts} attempts; it no longer holds back later entries.")]
    public static partial void EntryFailed(ILogger logger, long sequence, JournalOperation operation, JournalResourceType resourceType, string resourceId, string driverName, int attempts, Exception exception);

    [LoggerMessage(EventId = Ml2EventIds.JournalStaleLocksReleased, EventName = nameof(StaleLocksReleased), Level = LogLevel.Warning,
        Message = "Released {Count} journal entries whose worker held them longer than {LockTimeout}; they will be delivered again.")]
    public static partial void StaleLocksReleased(ILogger logger, int count, TimeSpan lockTimeout);

    [LoggerMessage(EventId = Ml2EventIds.JournalPurged, EventName = nameof(Purged), Level = LogLevel.Debug,
        Message = "Purged {Count} completed journal entries older than {Retention}.")]
    public static partial void Purged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = Ml2EventIds.JournalLockLost, EventName = nameof(LockLost), Level = LogLevel.Warning,
        Message = "Journal worker '{WorkerId}' no longer held entry {Sequence} when recording its outcome (its lock was released as stale); another worker may deliver it again.")]
    public static partial void LockLost(ILogger logger, string workerId, long sequence);

    [LoggerMessage(EventId = Ml2EventIds.JournalResyncStarted, EventName = nameof(ResyncStarted), Level = LogLevel.Information,
        Message = "Full re-sync of '{DriverName}' started with {NetworkCount} networks, {SubnetCount} subnets and {PortCount} ports.")]
    public static partial void ResyncStarted(ILogger logger, string driverName, int networkCount, int subnetCount, int portCount);

    [LoggerMessage(EventId = Ml2EventIds.JournalResyncCompleted, EventName = nameof(ResyncCompleted), Level = LogLevel.Information,
        Message = "Full re-sync of '{DriverName}' completed.")]
    public static partial void ResyncCompleted(ILogger logger, string driverName);

    [LoggerMessage(EventId = Ml2EventIds.JournalResyncFailed, EventName = nameof(ResyncFailed), Level = LogLevel.Error,
        Message = "Full re-sync of '{DriverName}' failed.")]
    public static partial void ResyncFailed(ILogger logger, string driverName, Exception exception);

    [LoggerMessage(EventId = Ml2EventIds.JournalPassFailed, EventName = nameof(PassFailed), Level = LogLevel.Error,
        Message = "A journal pass of worker '{WorkerId}' failed; the next pass tries again.")]
    public static partial void PassFailed(ILogger logger, string workerId, Exception exception);

    [LoggerMessage(EventId = Ml2EventIds.JournalWorkerStarted, EventName = nameof(WorkerStarted), Level = LogLevel.Information,
        Message = "Journal worker '{WorkerId}' started for {DriverCount} journaled driver(s), polling every {PollInterval}.")]
    public static partial void WorkerStarted(ILogger logger, string workerId, int driverCount, TimeSpan pollInterval);

    [LoggerMessage(EventId = Ml2EventIds.JournalWorkerStopped, EventName = nameof(WorkerStopped), Level = LogLevel.Information,
        Message = "Journal worker '{WorkerId}' stopped; entries it had not claimed stay pending for the next worker.")]
    public static partial void WorkerStopped(ILogger logger, string workerId);
}
