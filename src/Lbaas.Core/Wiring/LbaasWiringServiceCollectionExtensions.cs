using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lbaas.Wiring;

/// <summary>Registers the device wiring (called by <c>AddLbaas()</c>).</summary>
internal static class LbaasWiringServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IDeviceWiring"/> (<see cref="DeviceWiring"/>, a singleton) and <see cref="DeviceWiringOptions"/>
    /// (validated at start). Idempotent. Needs <c>AddMl2()</c> for the <c>IMl2Plugin</c> it calls.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    internal static IServiceCollection AddLbaasWiring(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DeviceWiringOptions>()
            .Validate(
                o => !string.IsNullOrWhiteSpace(o.ServiceProjectId),
                $"{nameof(DeviceWiringOptions.ServiceProjectId)}: the project that owns the devices' ports must not be empty.")
            .ValidateOnStart();
        services.AddLogging();
        services.TryAddSingleton<IDeviceWiring, DeviceWiring>();
        return services;
    }
}
