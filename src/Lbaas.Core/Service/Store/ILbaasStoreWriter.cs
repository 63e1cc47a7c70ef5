namespace Lbaas.Service.Store;

/// <summary>Reads and changes objects inside one <see cref="ILbaasStore.WriteAsync{TResult}"/> unit.</summary>
internal interface ILbaasStoreWriter
{
    /// <summary>Reads one object (including changes made earlier in this unit).</summary>
    T? Find<T>(string id)
        where T : class;

    /// <summary>Lists the objects of a type that match <paramref name="predicate"/>, in insertion order.</summary>
    IReadOnlyList<T> List<T>(Func<T, bool>? predicate = null)
        where T : class;

    /// <summary>Adds an object; a load balancer gets revision 1.</summary>
    /// <returns>The object as stored.</returns>
    /// <exception cref="Ml2.Exceptions.ConflictException">An object with the id exists.</exception>
    T Insert<T>(T value)
        where T : class;

    /// <summary>
    /// Replaces an object. A load balancer's <see cref="Ml2.Lbaas.LoadBalancer.RevisionNumber"/> must equal the stored
    /// one (compare-and-set) and is incremented.
    /// </summary>
    /// <returns>The object as stored.</returns>
    /// <exception cref="Ml2.Exceptions.ResourceNotFoundException">The object is gone.</exception>
    /// <exception cref="Ml2.Exceptions.ConcurrencyConflictException">The load balancer changed since it was read.</exception>
    T Update<T>(T value)
        where T : class;

    /// <summary>Removes an object.</summary>
    /// <returns>Whether it existed.</returns>
    bool Delete<T>(string id)
        where T : class;
}
