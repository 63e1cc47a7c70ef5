using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ml2;
using Ml2.Binding;
using Ml2.Configuration;
using Ml2.Drivers;
using Ml2.Ipam;
using Ml2.Journal;
using Ml2.Managers;
using Ml2.Plugin;
using Ml2.Storage;
using Ml2.Storage.InMemory;
using Ml2.TypeDrivers;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ML2 plugin.</summary>
public static class Ml2ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ML2 plugin (<see cref="IMl2Plugin"/>) with the built-in type drivers, the in-memory store (unless
    /// another store is registered), <see cref="TimeProvider.System"/>, a shared random source and the journal
    /// (<see cref="IJournal"/>) for journaled mechanism drivers. Idempotent.
    /// Options are validated at start (<c>ValidateOnStart</c>) and on first resolve of the plugin.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options in code, or null.</param>
    /// <returns>A builder to add drivers and choose the store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IMl2Builder AddMl2(this IServiceCollection services, Action<Ml2Options>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<Ml2Options>().ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Ml2Options>, Ml2OptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRandomSource>(SharedRandomSource.Instance);
        services.TryAddSingleton<ILoggerFactory, NullLoggerFactory>();
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
        services.TryAddSingleton<IMl2Store, InMemoryMl2Store>();
        BuiltInTypeDrivers.AddTo(services);

        services.TryAddSingleton<TypeManager>();
        services.TryAddSingleton<MechanismManager>();
        services.TryAddSingleton<ExtensionManager>();
        services.TryAddSingleton<PortBinder>();
        services.TryAddSingleton<IpAllocator>();
        services.TryAddSingleton<MacAddressAllocator>();
        services.TryAddSingleton(sp => new JournalWorker(
            sp.GetRequiredService<IMl2Store>(),
            sp.GetRequiredService<MechanismManager>(),
            sp.GetRequiredService<IOptions<Ml2Options>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IRandomSource>(),
            sp.GetRequiredService<ILogger<JournalWorker>>(),
            JournalWorker.NewWorkerId()));
        services.TryAddSingleton<IJournal>(sp => sp.GetRequiredService<JournalWorker>());
        services.TryAddSingleton<Ml2Plugin>();
        services.TryAddSingleton<IMl2Plugin>(sp =>
        {
            _ = sp.GetRequiredService<IOptions<Ml2Options>>().Value;
            return sp.GetRequiredService<Ml2Plugin>();
        });
        return new Ml2Builder(services);
    }

    /// <summary>
    /// Adds the ML2 plugin with options bound from <paramref name="configuration"/> (the <c>ml2</c> section, with
    /// Neutron's keys), then <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section holding <c>type_drivers</c>, <c>mechanism_drivers</c>, ...</param>
    /// <param name="configure">Sets further options in code, or null.</param>
    /// <returns>A builder to add drivers and choose the store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    public static IMl2Builder AddMl2(this IServiceCollection services, IConfiguration configuration, Action<Ml2Options>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<Ml2Options>(options => Ml2ConfigurationBinder.Bind(configuration, options));
        return services.AddMl2(configure);
    }
}
