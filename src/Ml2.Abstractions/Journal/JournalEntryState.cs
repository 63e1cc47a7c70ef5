namespace Ml2.Journal;

/// <summary>
/// Where a journal entry is in its life: <see cref="Pending"/> -> <see cref="Processing"/> (claimed by one worker) ->
/// <see cref="Completed"/>, back to <see cref="Pending"/> for a retry or a stale lock, or <see cref="Failed"/> for good.
/// The numeric values are stable: a SQL store may keep them as integers (or as the lower-case names).
/// </summary>
public enum JournalEntryState
{
    /// <summary>Waiting to be delivered (first time, or again after a failed attempt or a released stale lock).</summary>
    Pending = 0,

    /// <summary>Claimed by one worker (<see cref="JournalEntry.LockedBy"/>) and being delivered.</summary>
    Processing = 1,

    /// <summary>Delivered; kept until the retention period ends, then purged.</summary>
    Completed = 2,

    /// <summary>Given up after the maximum number of attempts; kept for operators, no longer blocks later entries.</summary>
    Failed = 3,
}
