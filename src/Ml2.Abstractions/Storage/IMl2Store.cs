namespace Ml2.Storage;

/// <summary>
/// Where ML2 state lives. Every change happens in a transaction; readers only ever see committed state.
/// Implementations: the in-memory store (Ml2.Core) and the durable stores.
/// </summary>
/// <remarks>
/// A store that also implements <c>Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck</c> reports its own
/// health to the <c>ml2-store</c> health check (the SQL stores: database reachable, schema version current); for any
/// other store that check opens and closes a read-only transaction.
/// </remarks>
public interface IMl2Store
{
    /// <summary>Begins a read-write transaction. Dispose it without <see cref="IMl2Transaction.CommitAsync"/> to roll back.</summary>
    /// <param name="cancellationToken">Cancels the wait for the transaction.</param>
    /// <returns>The open transaction.</returns>
    ValueTask<IMl2Transaction> BeginTransactionAsync(CancellationToken cancellationToken = default);

    /// <summary>Begins a read-only transaction over committed state; writes through it throw <see cref="InvalidOperationException"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait for the transaction.</param>
    /// <returns>The open transaction.</returns>
    ValueTask<IMl2Transaction> BeginReadOnlyTransactionAsync(CancellationToken cancellationToken = default);
}
