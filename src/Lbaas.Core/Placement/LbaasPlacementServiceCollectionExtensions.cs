using Lbaas.Devices;
using Lbaas.Diagnostics;
using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Ml2.Diagnostics;
using Lbaas;
using Ml2.Resilience;

namespace Lbaas.Placement;

/// <summary>Registers the device registry, the scheduler and the built-in placement policies (called by <c>AddLbaas()</c>).</summary>
internal static class LbaasPlacementServiceCollectionExtensions
{
    /// <summary>
    /// Adds the in-memory LBaaS stores (unless one is registered), the device inventory (its cache),
    /// <see cref="IDeviceRegistry"/>, <see cref="IDeviceScheduler"/>, the built-in
    /// <see cref="IPlacementPolicy"/>s, the validation of <see cref="PlacementOptions"/> (at start), the metrics services
    /// and the SDK's retry policy (shared with ML2 when <c>AddMl2()</c> registered them). Idempotent.
    /// Expects <see cref="Ml2.IRandomSource"/> to be registered (<c>AddMl2()</c> does); hosts add their own policies as
    /// further <see cref="IPlacementPolicy"/> singletons and provisioners as <see cref="IDeviceProvisioner"/>s.
    /// An <see cref="IProviderCatalog"/>, when registered, validates providers and lets drivers take part.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddLbaasPlacement(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PlacementOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PlacementOptions>, PlacementOptionsValidator>());
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<Ml2Metrics>();
        services.TryAddSingleton<LbaasMetrics>();
        services.TryAddSingleton<ConflictRetry>();
        InMemoryLbaasStores.TryAddTo(services);
        services.TryAddSingleton<DeviceInventory>();
        services.TryAddSingleton<DeviceCacheSync>();
        services.TryAddSingleton<DeviceRegistry>();
        services.TryAddSingleton<IDeviceRegistry>(sp => sp.GetRequiredService<DeviceRegistry>());
        services.TryAddSingleton<DeviceScheduler>();
        services.TryAddSingleton<IDeviceScheduler>(sp => sp.GetRequiredService<DeviceScheduler>());
        BuiltInPlacementPolicies.AddTo(services);

        return services;
    }
}
