namespace Lbaas.Storage;

/// <summary>
/// Reads one object table: committed state when taken from an <see cref="ILbaasObjectStore"/>, committed state plus the
/// transaction's own changes when taken from an <see cref="ILbaasTransaction"/>.
/// </summary>
/// <typeparam name="T">The stored object type.</typeparam>
public interface ILbaasObjectReader<T>
    where T : class
{
    /// <summary>Reads one object (<c>SELECT body FROM lbaas_objects WHERE type = @type AND id = @id</c>).</summary>
    /// <param name="id">The object's id (for a <see cref="LoadBalancerPlacementRecord"/>, the load balancer's).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The object, or null when there is none.</returns>
    ValueTask<T?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists every object of the table, in insertion order (<c>ORDER BY seq</c>).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The objects.</returns>
    ValueTask<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default);
}
