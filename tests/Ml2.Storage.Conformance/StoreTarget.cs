using Microsoft.Extensions.DependencyInjection;

namespace Ml2.Storage.Conformance;

/// <summary>
/// The store under test, as the conformance suites need it: fresh databases, and hosts that use them. Implement it
/// once for your store and pass it to each suite's constructor.
/// </summary>
public abstract class StoreTarget
{
    /// <summary>Creates a fresh, empty database and returns a handle to it (a file path, a connection string, an instance).</summary>
    /// <returns>The handle passed to <see cref="Use"/>.</returns>
    public abstract Task<object> CreateDatabaseAsync();

    /// <summary>
    /// Makes <paramref name="builder"/> use a store over <paramref name="database"/>. Called once per host: two hosts
    /// over one database are two controller instances sharing it, and a host started after another was disposed is a
    /// restart (it must see everything the first committed).
    /// </summary>
    /// <param name="builder">The ML2 builder.</param>
    /// <param name="database">A handle from <see cref="CreateDatabaseAsync"/>.</param>
    public abstract void Use(IMl2Builder builder, object database);
}
