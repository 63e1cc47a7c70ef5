namespace Ml2.Storage;

/// <summary>
/// Named pools of integer ids (segmentation ids, IP addresses, MAC addresses), stored as the configured ranges plus
/// the ids in use - never one entry per free id. Every change is part of the transaction and rolls back with it.
/// </summary>
public interface IIdPoolRepository
{
    /// <summary>
    /// Creates the pool or changes its ranges. Ids in use stay in use: those now outside the ranges are kept
    /// (until released, when they are forgotten). Costs O(number of ranges), not O(number of ids).
    /// </summary>
    /// <param name="pool">The pool name, e.g. <c>vlan:physnet1</c>.</param>
    /// <param name="ranges">The ranges; may be empty.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the pool is configured.</returns>
    ValueTask ConfigurePoolAsync(string pool, IReadOnlyList<IdRange> ranges, CancellationToken cancellationToken = default);

    /// <summary>Allocates a uniformly random free id from the pool's ranges.</summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The id, or null when the pool is exhausted or does not exist.</returns>
    ValueTask<long?> AllocateRandomAsync(string pool, CancellationToken cancellationToken = default);

    /// <summary>Marks one id as in use, whether or not it lies in the ranges (the pool is created if missing).</summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when the id was already in use.</returns>
    ValueTask<bool> TryReserveAsync(string pool, long id, CancellationToken cancellationToken = default);

    /// <summary>Frees an id. An id outside the ranges is forgotten.</summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>False when the id was not in use.</returns>
    ValueTask<bool> ReleaseAsync(string pool, long id, CancellationToken cancellationToken = default);

    /// <summary>Whether an id is in use.</summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>True when in use.</returns>
    ValueTask<bool> IsAllocatedAsync(string pool, long id, CancellationToken cancellationToken = default);

    /// <summary>Reports the pool's capacity and use.</summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The usage, or null when the pool does not exist.</returns>
    ValueTask<IdPoolUsage?> GetUsageAsync(string pool, CancellationToken cancellationToken = default);

    /// <summary>
    /// The names of the pools that start with <paramref name="prefix"/> (ordinal), e.g. every <c>vlan:</c> pool, so a
    /// type driver can find the pools of physical networks no longer configured.
    /// </summary>
    /// <param name="prefix">The name prefix; empty for every pool.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The names, in ordinal order.</returns>
    ValueTask<IReadOnlyList<string>> ListPoolsAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes a pool and every allocation in it.</summary>
    /// <param name="pool">The pool name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the pool is gone.</returns>
    ValueTask DeletePoolAsync(string pool, CancellationToken cancellationToken = default);
}
