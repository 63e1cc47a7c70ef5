using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2;
using Ml2.Binding;
using Ml2.Configuration;
using Ml2.Diagnostics;
using Ml2.Drivers;
using Ml2.Hosting;
using Ml2.Ipam;
using Ml2.Journal;
using Ml2.Managers;
using Ml2.Plugin;
using Ml2.Resilience;
using Ml2.Storage;
using Ml2.Storage.InMemory;
using Ml2.TypeDrivers;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ML2 plugin.</summary>
public static class Ml2ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ML2 plugin (<see cref="IMl2Plugin"/>) with the built-in type drivers, the in-memory store (unless
    /// another store is registered), <see cref="TimeProvider.System"/>, a shared random source, the journal
    /// (<see cref="IJournal"/>) for journaled mechanism drivers and the metrics services (<c>AddMetrics()</c>: the
    /// <c>Ml2</c> meter is created through <c>IMeterFactory</c>, see <see cref="Ml2Telemetry"/>). Idempotent.
    /// Options are validated at start (<c>ValidateOnStart</c>) and on first resolve of the plugin.
    /// <para>
    /// Logging goes to the host's logging: <c>AddLogging()</c> is called, which keeps a logger factory the host
    /// registered and lets <c>AddLogging(...)</c> calls made before or after this one add providers and filters.
    /// </para>
    /// <para>
    /// An <see cref="IHostedService"/> is registered: with the generic host (<c>Host.CreateApplicationBuilder()</c>,
    /// ASP.NET Core) the plugin is initialised and the journal worker started when the host starts, and the worker
    /// stopped gracefully when it stops. Without the generic host, call <c>StartMl2Async()</c> (or let the first plugin
    /// call start it) and <c>StopMl2Async()</c> (or dispose the container).
    /// </para>
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
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton<Ml2Metrics>();
        services.TryAddSingleton(sp => new ConflictRetry(
            sp.GetRequiredService<IOptions<Ml2Options>>().Value.RetrySettings,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Ml2Metrics>().Retries,
            sp.GetRequiredService<ILogger<ConflictRetry>>()));
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
            JournalWorker.NewWorkerId(),
            sp.GetRequiredService<Ml2Metrics>()));
        services.TryAddSingleton<IJournal>(sp => sp.GetRequiredService<JournalWorker>());
        services.TryAddSingleton<Ml2Plugin>();
        services.TryAddSingleton<IMl2Plugin>(sp =>
        {
            _ = sp.GetRequiredService<IOptions<Ml2Options>>().Value;
            return sp.GetRequiredService<Ml2Plugin>();
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, Ml2HostedService>());
        return new Ml2Builder(services);
    }

    /// <summary>
    /// Adds the ML2 plugin with options bound from <paramref name="configuration"/> (the <c>ml2</c> section, with
    /// Neutron's keys), then <paramref name="configure"/>. Its <c>health</c> subsection holds the thresholds of the
    /// health checks (<see cref="Ml2HealthCheckOptions"/>, used when the host adds <c>AddMl2Checks()</c>).
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
        services.Configure<Ml2HealthCheckOptions>(configuration.GetSection("health"));
        return services.AddMl2(configure);
    }
}
