namespace Lbaas.Storage;

/// <summary>
/// Reads and changes objects inside one <see cref="ILbaasStateStore.WriteAsync{TResult}"/> unit (one transaction).
/// Reads see the committed state plus this unit's own changes. Stored types are listed in
/// <see cref="LbaasStoredTypes.ObjectTypes"/>; any other type is an <see cref="ArgumentException"/>.
/// </summary>
public interface ILbaasStateWriter
{
    /// <summary>Reads one object, including changes made earlier in this unit.</summary>
    /// <typeparam name="T">A stored object type.</typeparam>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The object, or null.</returns>
    ValueTask<T?> FindAsync<T>(string id, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>Lists every object of a type, including this unit's changes, in insertion order.</summary>
    /// <typeparam name="T">A stored object type.</typeparam>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The objects.</returns>
    ValueTask<IReadOnlyList<T>> ListAsync<T>(CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>
    /// Adds an object under its id (<see cref="LbaasStoredTypes.IdOf"/>). A <see cref="Lbaas.LoadBalancer"/> is
    /// stored at <see cref="Lbaas.LoadBalancer.RevisionNumber"/> 1, whatever it carries; other types have no revision.
    /// </summary>
    /// <typeparam name="T">A stored object type.</typeparam>
    /// <param name="value">The object.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The object as stored.</returns>
    /// <exception cref="Ml2.Exceptions.ConflictException">An object of the type with the id exists.</exception>
    ValueTask<T> InsertAsync<T>(T value, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>
    /// Replaces an object with the same id. For a <see cref="Lbaas.LoadBalancer"/> the value's
    /// <see cref="Lbaas.LoadBalancer.RevisionNumber"/> must equal the stored one (compare-and-set:
    /// <c>UPDATE ... WHERE revision = @rev</c>) and the stored object gets that revision + 1. Other types are replaced
    /// unconditionally. The object keeps its insertion position.
    /// </summary>
    /// <typeparam name="T">A stored object type.</typeparam>
    /// <param name="value">The new state.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The object as stored.</returns>
    /// <exception cref="Ml2.Exceptions.ResourceNotFoundException">There is no such object.</exception>
    /// <exception cref="Ml2.Exceptions.ConcurrencyConflictException">The load balancer changed since it was read.</exception>
    ValueTask<T> UpdateAsync<T>(T value, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>Removes an object.</summary>
    /// <typeparam name="T">A stored object type.</typeparam>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it existed.</returns>
    ValueTask<bool> DeleteAsync<T>(string id, CancellationToken cancellationToken = default)
        where T : class;
}
