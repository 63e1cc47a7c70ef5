using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2.Resilience;
using Ml2.Storage.Relational.Lbaas;

namespace Ml2.Storage.Relational;

/// <summary>
/// Registers one SQL database as the home of all state: the ML2 store and the LBaaS state store share it (and, on
/// SQLite, its single writer). Called by the provider packages' <c>UseSqliteStore</c> / <c>UsePostgreSqlStore</c>
/// on either builder; the last call decides the database.
/// </summary>
internal static class RelationalRegistration
{
    /// <param name="services">The services.</param>
    /// <param name="database">Creates the database.</param>
    /// <param name="defaultCredentialKeyRing">
    /// Where the LBaaS store keeps the key ring that encrypts device passwords when the host configures none (SQLite: next
    /// to its file), or null to refuse storing passwords then (see <see cref="CredentialProtection"/>).
    /// </param>
    public static void Register(IServiceCollection services, Func<IServiceProvider, RelationalDatabase> database, string? defaultCredentialKeyRing = null)
    {
        services.Replace(ServiceDescriptor.Singleton(database));
        services.Replace(ServiceDescriptor.Singleton<IMl2Store>(sp =>
            new RelationalMl2Store(sp.GetRequiredService<RelationalDatabase>(), sp.GetRequiredService<IRandomSource>())));
        services.Replace(ServiceDescriptor.Singleton(sp => CredentialProtection.Resolve(sp, defaultCredentialKeyRing)));
        services.Replace(ServiceDescriptor.Singleton(sp =>
            new RelationalLbaasStateStore(sp.GetRequiredService<RelationalDatabase>(), sp.GetRequiredService<CredentialProtection>(), sp.GetRequiredService<ConflictRetry>())));
        // One object over the one database serves the four LBaaS store contracts.
        services.Replace(ServiceDescriptor.Singleton<ILbaasObjectStore>(sp => sp.GetRequiredService<RelationalLbaasStateStore>()));
        services.Replace(ServiceDescriptor.Singleton<IDeviceStore>(sp => sp.GetRequiredService<RelationalLbaasStateStore>()));
        services.Replace(ServiceDescriptor.Singleton<IAgentStore>(sp => sp.GetRequiredService<RelationalLbaasStateStore>()));
        services.Replace(ServiceDescriptor.Singleton<ILeaseStore>(sp => sp.GetRequiredService<RelationalLbaasStateStore>()));
    }
}
