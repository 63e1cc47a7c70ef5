namespace Lbaas.Service.Store;

/// <summary>
/// Where load balancers, listeners, pools, members, health monitors and placement explanations are kept. Reads see
/// committed state; every change runs in <see cref="WriteAsync"/>, one atomic, serialised unit (all or nothing), so a
/// status check and the status change it guards cannot be split by another writer: Octavia's
/// <c>test_and_set_provisioning_status</c> (SELECT ... FOR UPDATE). Load balancers carry a revision that every update
/// compare-and-sets. The in-memory store is the default; a durable store implements the same contract.
/// </summary>
internal interface ILbaasStore
{
    /// <summary>Reads one object.</summary>
    /// <typeparam name="T">One of the stored types.</typeparam>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The object, or null.</returns>
    ValueTask<T?> FindAsync<T>(string id, CancellationToken cancellationToken)
        where T : class;

    /// <summary>Lists every object of a type, in insertion order.</summary>
    /// <typeparam name="T">One of the stored types.</typeparam>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The objects.</returns>
    ValueTask<IReadOnlyList<T>> ListAsync<T>(CancellationToken cancellationToken)
        where T : class;

    /// <summary>
    /// Runs <paramref name="work"/> as one atomic unit: writers are serialised, and if <paramref name="work"/> throws
    /// nothing it did is kept. <paramref name="work"/> must not block (like an ML2 precommit).
    /// </summary>
    /// <typeparam name="TResult">The result type.</typeparam>
    /// <param name="work">Reads and changes objects through the writer.</param>
    /// <param name="cancellationToken">Cancels before the unit starts.</param>
    /// <returns>What <paramref name="work"/> returned.</returns>
    ValueTask<TResult> WriteAsync<TResult>(Func<ILbaasStoreWriter, TResult> work, CancellationToken cancellationToken);
}
