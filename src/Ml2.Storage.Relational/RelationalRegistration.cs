using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2.Storage.Relational.Migrations;

namespace Ml2.Storage.Relational;

/// <summary>
/// Registers one SQL database as the home of the ML2 state. Called by the provider packages' <c>UseSqliteStore</c> /
/// <c>UsePostgreSqlStore</c> on the ML2 builder; the last call decides the database. The LBaaS store packages call
/// <see cref="AddDatabases"/> too: a feature pointed at the same database gets the same <see cref="RelationalDatabase"/>.
/// </summary>
internal static class RelationalRegistration
{
    /// <summary>Adds the container's <see cref="RelationalDatabases"/> (once).</summary>
    /// <param name="services">The services.</param>
    public static void AddDatabases(IServiceCollection services) => services.TryAddSingleton<RelationalDatabases>();

    /// <param name="services">The services.</param>
    /// <param name="key">Names the database: equal keys are one database (see <see cref="RelationalDatabases.Get"/>).</param>
    /// <param name="database">Creates the database, the first time a store of the container needs it.</param>
    /// <param name="schema">The ML2 schema of the provider.</param>
    public static void Register(IServiceCollection services, object key, Func<IServiceProvider, RelationalDatabase> database, MigrationSet schema)
    {
        AddDatabases(services);
        services.Replace(ServiceDescriptor.Singleton(sp => sp.GetRequiredService<RelationalDatabases>().Get(key, () => database(sp), schema)));
        services.Replace(ServiceDescriptor.Singleton<IMl2Store>(sp =>
            new RelationalMl2Store(sp.GetRequiredService<RelationalDatabase>(), schema, sp.GetRequiredService<IRandomSource>())));
    }
}
