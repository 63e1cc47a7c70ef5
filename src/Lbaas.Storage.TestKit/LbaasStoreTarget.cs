using Microsoft.Extensions.DependencyInjection;

namespace Lbaas.Storage.TestKit;

/// <summary>
/// The LBaaS store under test, as the conformance suite needs it: fresh databases, and hosts that use them. Implement
/// it once for your store and pass it to the suite's constructor.
/// </summary>
/// <typeparam name="TDatabase">
/// What names one database of the store: a file path or connection string for a SQL store, the store instances
/// themselves for an in-memory one.
/// </typeparam>
public abstract class LbaasStoreTarget<TDatabase>
    where TDatabase : notnull
{
    /// <summary>Creates a fresh, empty database.</summary>
    /// <returns>The database, passed to <see cref="Use"/>.</returns>
    public abstract Task<TDatabase> CreateDatabaseAsync();

    /// <summary>
    /// Makes <paramref name="builder"/> use a store over <paramref name="database"/>. Called once per host: two hosts
    /// over one database are two controller instances sharing it, and a host started after another was disposed is a
    /// restart (it must see everything the first committed).
    /// </summary>
    /// <param name="builder">
    /// The LBaaS builder of the host: a <see cref="StoreOnlyLbaasBuilder"/>, over services that hold no LBaaS store until
    /// this call registers one (for the in-memory stores, register the instances of <paramref name="database"/>).
    /// </param>
    /// <param name="database">A database from <see cref="CreateDatabaseAsync"/>.</param>
    public abstract void Use(ILbaasBuilder builder, TDatabase database);
}
