using Lbaas.Agents;
using Lbaas.Configuration;
using Lbaas.Devices;
using Lbaas.Hosting;
using Lbaas.Placement;
using Lbaas.Providers;
using Lbaas.Service;
using Lbaas.Storage;
using Lbaas.Wiring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Ml2.Plugin;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the LBaaS service.</summary>
public static class LbaasServiceCollectionExtensions
{
    /// <summary>
    /// Adds the load-balancer service (<see cref="ILoadBalancerService"/>) with its device registry and scheduler,
    /// wiring through ML2, in-process agents, the in-memory LBaaS state store (replace it with
    /// <see cref="LbaasBuilderExtensions.UseStateStore{TStore}(ILbaasBuilder)"/>) and the pending reaper. Adds ML2
    /// (<c>AddMl2()</c>) when it is not registered yet. Idempotent. Options are validated at start
    /// (<c>ValidateOnStart</c>) and on first resolve of the service; every problem is reported at once.
    /// <para>
    /// Logging goes to the host's logging (<c>AddLogging()</c>: a logger factory the host registered is kept, and
    /// <c>AddLogging(...)</c> calls before or after this one add providers).
    /// </para>
    /// <para>
    /// An <see cref="IHostedService"/> is registered: with the generic host (<c>Host.CreateApplicationBuilder()</c>,
    /// ASP.NET Core) the configured devices (<see cref="LbaasOptions.Devices"/>) are on-boarded or updated and the
    /// agents, their heartbeats, the agent monitor and the pending reaper start when the host starts, and stop
    /// gracefully when it stops. Without the generic host, call <c>StartLbaasAsync()</c> and <c>StopLbaasAsync()</c>
    /// (the first service call also starts everything but the configured devices; disposing the container stops it).
    /// </para>
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options in code (providers, flavors, timeouts, agents), or null.</param>
    /// <returns>A builder to add load-balancer drivers, placement policies and device provisioners.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static ILbaasBuilder AddLbaas(this IServiceCollection services, Action<LbaasOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(IMl2Plugin)))
        {
            services.AddMl2();
        }

        services.AddOptions<LbaasOptions>().ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LbaasOptions>, LbaasOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();

        services.TryAddSingleton<ProviderCatalog>();
        services.TryAddSingleton<IProviderCatalog>(sp => sp.GetRequiredService<ProviderCatalog>());
        InMemoryLbaasStores.TryAddTo(services);

        services.TryAddSingleton<AgentDirectory>();
        services.TryAddSingleton<InProcessAgentTransport>();
        services.TryAddSingleton<ILbaasAgentTransport>(sp => sp.GetRequiredService<InProcessAgentTransport>());
        services.TryAddSingleton<DeviceReleaser>();
        services.TryAddSingleton<AgentJobs>();
        services.TryAddSingleton<LoadBalancerLifecycle>();
        services.TryAddSingleton<StatusReporter>();
        services.TryAddSingleton<OperationLedger>();
        services.TryAddSingleton<AgentAssignment>();
        services.TryAddSingleton<AgentDispatcher>();
        services.TryAddSingleton<IAgentStatusSink>(sp => sp.GetRequiredService<AgentDispatcher>());
        services.TryAddSingleton<AgentMonitor>();
        services.TryAddSingleton<PendingReaper>();
        services.TryAddSingleton<ConfiguredDevices>();
        services.TryAddSingleton<LbaasRuntime>();
        services.TryAddSingleton<LoadBalancerService>();
        services.TryAddSingleton<ILoadBalancerService>(sp =>
        {
            _ = sp.GetRequiredService<IOptions<LbaasOptions>>().Value;
            return sp.GetRequiredService<LoadBalancerService>();
        });

        services.AddLbaasPlacement();
        services.AddLbaasWiring();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LbaasHostedService>());
        return new LbaasBuilder(services);
    }

    /// <summary>
    /// Adds the load-balancer service with options bound from <paramref name="configuration"/> (the <c>lbaas</c>
    /// section: <c>providers</c>, <c>flavors</c>, <c>devices</c>, <c>PendingTimeout</c>, <c>AgentCount</c>, ...; its <c>placement</c>
    /// and <c>wiring</c> subsections configure placement and device wiring, and <c>health</c> the thresholds of the
    /// health checks added by <c>AddLbaasChecks()</c>), then <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>lbaas</c> configuration section.</param>
    /// <param name="configure">Sets further options in code, or null.</param>
    /// <returns>A builder to add load-balancer drivers, placement policies and device provisioners.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    public static ILbaasBuilder AddLbaas(this IServiceCollection services, IConfiguration configuration, Action<LbaasOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<LbaasOptions>(options => LbaasConfigurationBinder.Bind(configuration, options));
        services.Configure<PlacementOptions>(configuration.GetSection("placement"));
        services.Configure<DeviceWiringOptions>(configuration.GetSection("wiring"));
        services.Configure<LbaasHealthCheckOptions>(configuration.GetSection("health"));
        return services.AddLbaas(configure);
    }
}
