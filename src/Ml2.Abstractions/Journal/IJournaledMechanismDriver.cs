using Ml2.Drivers;

namespace Ml2.Journal;

/// <summary>
/// A mechanism driver that opts into journaled delivery (the networking-odl v2 pattern) instead of postcommit calls.
/// </summary>
/// <remarks>
/// <para>For a journaled driver the plugin never calls the <c>*PostcommitAsync</c> hooks. Instead, inside the
/// operation's transaction and right after the precommit hooks succeed, it appends one <see cref="JournalEntry"/> per
/// journaled driver; the entry commits or rolls back with the operation (a throw in any precommit leaves no entry). The
/// precommit hooks are still called as for any driver.</para>
/// <para>A journal worker then calls <see cref="DeliverAsync"/> outside any transaction, per driver in dependency order
/// (a port after its network and subnets, a delete after the create, a network delete after the deletes of its
/// ports and subnets), retrying failures with exponential backoff until the configured maximum number of attempts.
/// Delivery is exactly once while workers are healthy; a worker that dies mid-delivery has its entry handed out again
/// after the lock timeout, so make <see cref="DeliverAsync"/> idempotent (a create of something that exists is an
/// update; a delete of something missing succeeds).</para>
/// </remarks>
public interface IJournaledMechanismDriver : IMechanismDriver
{
    /// <summary>Delivers one change to the driver's controller. Throw to have it retried later.</summary>
    /// <param name="entry">The entry: resource type, id, operation and the resource as JSON.</param>
    /// <param name="cancellationToken">Cancels the delivery (the worker is stopping); the entry is retried later.</param>
    /// <returns>A task that completes when the controller has the change.</returns>
    ValueTask DeliverAsync(JournalEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Rebuilds the controller from the full state (the host asked for it with <see cref="IJournal.RequestResyncAsync"/>,
    /// e.g. after the controller lost its data). Entries still in the journal are delivered afterwards as usual.
    /// </summary>
    /// <param name="context">Every network, subnet and port, read from one committed view.</param>
    /// <param name="cancellationToken">Cancels the re-sync.</param>
    /// <returns>A task that completes when the controller is rebuilt.</returns>
    ValueTask ResyncAsync(JournalResyncContext context, CancellationToken cancellationToken) => default;
}
