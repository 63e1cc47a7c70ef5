using Lbaas.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ml2.Resilience;
using Ml2.Storage.Relational;
using Ml2.Storage.Relational.Migrations;

namespace Lbaas.Storage.Relational;

/// <summary>
/// Registers one SQL database as the home of the LBaaS state. Called by the provider packages' <c>UseSqliteStore</c> /
/// <c>UsePostgreSqlStore</c> on the LBaaS builder; the last call decides the database. A database the ML2 store of the
/// container also uses (same key) is one <see cref="RelationalDatabase"/>: the features share its connections.
/// </summary>
internal static class LbaasRelationalRegistration
{
    /// <param name="services">The services.</param>
    /// <param name="key">Names the database (see <see cref="RelationalDatabases.Get"/>).</param>
    /// <param name="database">Creates the database, unless another store of the container created it already.</param>
    /// <param name="schema">The LBaaS schema of the provider.</param>
    /// <param name="defaultCredentialKeyRing">
    /// Where the store keeps the key ring that encrypts device passwords when the host configures none (SQLite: next
    /// to its file), or null to refuse storing passwords then (see <see cref="CredentialProtection"/>).
    /// </param>
    public static void Register(IServiceCollection services, object key, Func<IServiceProvider, RelationalDatabase> database, MigrationSet schema, string? defaultCredentialKeyRing = null)
    {
        RelationalRegistration.AddDatabases(services);
        LbaasRetry.TryAdd(services);
        services.Replace(ServiceDescriptor.Singleton(sp => CredentialProtection.Resolve(sp, defaultCredentialKeyRing)));
        services.Replace(ServiceDescriptor.Singleton(sp => new RelationalLbaasStateStore(
            sp.GetRequiredService<RelationalDatabases>().Get(key, () => database(sp), schema),
            sp.GetRequiredService<CredentialProtection>(),
            sp.GetRequiredService<ConflictRetry>())));

        // One object over the one database serves the four LBaaS store contracts.
        services.Replace(ServiceDescriptor.Singleton<ILbaasObjectStore>(sp => sp.GetRequiredService<RelationalLbaasStateStore>()));
        services.Replace(ServiceDescriptor.Singleton<IDeviceStore>(sp => sp.GetRequiredService<RelationalLbaasStateStore>()));
        services.Replace(ServiceDescriptor.Singleton<IAgentStore>(sp => sp.GetRequiredService<RelationalLbaasStateStore>()));
        services.Replace(ServiceDescriptor.Singleton<ILeaseStore>(sp => sp.GetRequiredService<RelationalLbaasStateStore>()));
    }
}
