using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2.Storage.Relational.Lbaas;

namespace Ml2.Storage.Relational;

/// <summary>
/// Registers one SQL database as the home of all state: the ML2 store and the LBaaS state store share it (and, on
/// SQLite, its single writer). Called by the provider packages' <c>UseSqliteStore</c> / <c>UsePostgreSqlStore</c>
/// on either builder; the last call decides the database.
/// </summary>
internal static class RelationalRegistration
{
    public static void Register(IServiceCollection services, Func<IServiceProvider, RelationalDatabase> database)
    {
        services.Replace(ServiceDescriptor.Singleton(database));
        services.Replace(ServiceDescriptor.Singleton<IMl2Store>(sp =>
            new RelationalMl2Store(sp.GetRequiredService<RelationalDatabase>(), sp.GetRequiredService<IRandomSource>())));
        services.Replace(ServiceDescriptor.Singleton<ILbaasStateStore>(sp => new RelationalLbaasStateStore(sp.GetRequiredService<RelationalDatabase>())));
    }
}
