namespace Lbaas.Storage;

/// <summary>
/// Reads and changes one object table inside an <see cref="ILbaasTransaction"/>. Reads see the committed state plus
/// this transaction's own changes.
/// </summary>
/// <typeparam name="T">The stored object type.</typeparam>
public interface ILbaasObjectRepository<T> : ILbaasObjectReader<T>
    where T : class
{
    /// <summary>
    /// Adds an object under its id (<c>INSERT INTO lbaas_objects ... ON CONFLICT (type, id) DO NOTHING</c>). A
    /// <see cref="Lbaas.LoadBalancer"/> is stored at <see cref="Lbaas.LoadBalancer.RevisionNumber"/> 1, whatever it
    /// carries; other types have no revision.
    /// </summary>
    /// <param name="value">The object.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The object as stored.</returns>
    /// <exception cref="Ml2.Exceptions.ConflictException">An object of the table with the id exists.</exception>
    ValueTask<T> AddAsync(T value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the object with the same id. For a <see cref="Lbaas.LoadBalancer"/> the value's
    /// <see cref="Lbaas.LoadBalancer.RevisionNumber"/> must equal the stored one (compare-and-set:
    /// <c>UPDATE ... WHERE revision = @rev</c>) and the stored object gets that revision + 1. Other types are replaced
    /// unconditionally. The object keeps its insertion position.
    /// </summary>
    /// <param name="value">The new state.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The object as stored.</returns>
    /// <exception cref="Ml2.Exceptions.ResourceNotFoundException">There is no such object.</exception>
    /// <exception cref="Ml2.Exceptions.ConcurrencyConflictException">The load balancer changed since it was read.</exception>
    ValueTask<T> UpdateAsync(T value, CancellationToken cancellationToken = default);

    /// <summary>Removes an object (<c>DELETE FROM lbaas_objects WHERE type = @type AND id = @id</c>).</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it existed.</returns>
    ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken = default);
}
