namespace Ml2.Journal;

/// <summary>
/// One row of the journal (the SQL table <c>ml2_journal</c>): a change a journaled mechanism driver must deliver to its
/// controller, with its delivery state. Immutable: the store returns a new value after every change.
/// </summary>
public sealed record JournalEntry
{
    /// <summary>The store-assigned sequence number (<c>seq</c>): unique, increasing in append order, never reused.</summary>
    public required long Sequence { get; init; }

    /// <summary>The name of the journaled mechanism driver the entry is for.</summary>
    public required string Driver { get; init; }

    /// <summary>The kind of resource.</summary>
    public required JournalResourceType ResourceType { get; init; }

    /// <summary>The resource id.</summary>
    public required string ResourceId { get; init; }

    /// <summary>What happened to the resource.</summary>
    public required JournalOperation Operation { get; init; }

    /// <summary>Ids of other resources this entry must wait for (see <see cref="JournalEntryDraft.DependsOn"/>).</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>The resource as committed, as JSON (System.Text.Json default options); for a delete, as it was just before.</summary>
    public required string Body { get; init; }

    /// <summary>For an update, the resource before the change as JSON; otherwise null.</summary>
    public string? OriginalBody { get; init; }

    /// <summary>The delivery state.</summary>
    public JournalEntryState State { get; init; }

    /// <summary>How many times a worker claimed the entry (each claim is one delivery attempt).</summary>
    public int Attempts { get; init; }

    /// <summary>When the entry was appended.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The earliest time a worker may claim the entry (<see cref="CreatedAt"/> at first, later after a failed attempt).</summary>
    public DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>The worker that holds the entry while it is <see cref="JournalEntryState.Processing"/>; otherwise null.</summary>
    public string? LockedBy { get; init; }

    /// <summary>When <see cref="LockedBy"/> claimed the entry; null when not locked.</summary>
    public DateTimeOffset? LockedAt { get; init; }

    /// <summary>The error of the last failed attempt, or null.</summary>
    public string? LastError { get; init; }

    /// <summary>When the entry became <see cref="JournalEntryState.Completed"/> or <see cref="JournalEntryState.Failed"/>; otherwise null.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Whether the entry still has to be delivered (pending or processing).</summary>
    public bool IsUnfinished => State is JournalEntryState.Pending or JournalEntryState.Processing;
}
