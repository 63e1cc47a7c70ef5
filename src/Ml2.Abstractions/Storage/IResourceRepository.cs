namespace Ml2.Storage;

/// <summary>The common operations on one resource table.</summary>
/// <typeparam name="T">The resource model.</typeparam>
public interface IResourceRepository<T>
    where T : class
{
    /// <summary>Finds a resource by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The resource, or null.</returns>
    ValueTask<T?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists every resource.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The resources, in no particular order.</returns>
    ValueTask<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a resource.</summary>
    /// <param name="resource">The resource.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the resource is added.</returns>
    /// <exception cref="Exceptions.ConflictException">A resource with the same id exists.</exception>
    ValueTask AddAsync(T resource, CancellationToken cancellationToken = default);

    /// <summary>Replaces a resource if its stored revision is still <paramref name="expectedRevision"/> (compare-and-set).</summary>
    /// <param name="resource">The new state.</param>
    /// <param name="expectedRevision">The revision the writer read.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the resource is replaced.</returns>
    /// <exception cref="Exceptions.ConcurrencyConflictException">The stored revision differs, or the resource is gone.</exception>
    ValueTask UpdateAsync(T resource, long expectedRevision, CancellationToken cancellationToken = default);

    /// <summary>Removes a resource.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether the resource existed.</returns>
    ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken = default);
}
