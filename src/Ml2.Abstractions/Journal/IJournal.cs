namespace Ml2.Journal;

/// <summary>
/// The journal of this process: its worker delivers entries to the journaled mechanism drivers on a timer (started with
/// the plugin), and a host can also run a pass now, ask for a driver's full re-sync, or inspect entries.
/// </summary>
public interface IJournal
{
    /// <summary>This process's worker id (host name, process id and a unique suffix); it marks the entries it claims.</summary>
    string WorkerId { get; }

    /// <summary>
    /// Runs one pass: releases stale locks, purges old completed entries, then delivers every eligible entry of every
    /// journaled driver (following dependencies as earlier entries complete).
    /// </summary>
    /// <param name="cancellationToken">Cancels the pass; an entry being delivered goes back to pending.</param>
    /// <returns>What the pass did.</returns>
    ValueTask<JournalPassResult> RunOnceAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <see cref="IJournaledMechanismDriver.ResyncAsync"/> of the named driver now, with every committed network,
    /// subnet and port; deliveries to that driver in this process wait meanwhile. A throw from the driver is rethrown.
    /// </summary>
    /// <param name="driverName">The journaled driver's name.</param>
    /// <param name="cancellationToken">Cancels the re-sync.</param>
    /// <returns>A task that completes when the driver has re-synced.</returns>
    /// <exception cref="ArgumentException">No journaled driver has that name.</exception>
    ValueTask RequestResyncAsync(string driverName, CancellationToken cancellationToken = default);

    /// <summary>Lists journal entries, oldest first, for inspection.</summary>
    /// <param name="state">Only entries in this state, or every entry when null.</param>
    /// <param name="limit">The maximum number of entries (positive).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries, ordered by sequence.</returns>
    ValueTask<IReadOnlyList<JournalEntry>> ListAsync(JournalEntryState? state = null, int limit = 100, CancellationToken cancellationToken = default);
}
