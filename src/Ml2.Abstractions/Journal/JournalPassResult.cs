namespace Ml2.Journal;

/// <summary>What one pass of a journal worker did (<see cref="IJournal.RunOnceAsync"/>).</summary>
/// <param name="Delivered">Entries delivered and marked completed.</param>
/// <param name="Retried">Entries whose delivery failed and that were put back for a later attempt.</param>
/// <param name="Failed">Entries that failed for good (maximum attempts reached).</param>
/// <param name="ClaimsLost">Entries another worker claimed first.</param>
/// <param name="StaleReleased">Entries whose worker's lock had timed out and that went back to pending.</param>
/// <param name="Purged">Completed entries removed after the retention period.</param>
public sealed record JournalPassResult(int Delivered, int Retried, int Failed, int ClaimsLost, int StaleReleased, int Purged)
{
    /// <summary>A pass that did nothing.</summary>
    public static JournalPassResult Empty { get; } = new(0, 0, 0, 0, 0, 0);
}
