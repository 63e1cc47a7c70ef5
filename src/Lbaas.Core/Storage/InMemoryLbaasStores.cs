using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lbaas.Storage;

/// <summary>Registers the default in-memory LBaaS stores, one per contract, unless a store is registered already.</summary>
internal static class InMemoryLbaasStores
{
    public static void TryAddTo(IServiceCollection services)
    {
        services.TryAddSingleton<ILbaasObjectStore, InMemoryLbaasObjectStore>();
        services.TryAddSingleton<IDeviceStore, InMemoryDeviceStore>();
        services.TryAddSingleton<IAgentStore, InMemoryAgentStore>();
        services.TryAddSingleton<ILeaseStore, InMemoryLeaseStore>();
    }
}
