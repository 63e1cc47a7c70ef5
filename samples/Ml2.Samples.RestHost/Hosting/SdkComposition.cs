using Lbaas.Configuration;
using Ml2.Configuration;
using Ml2.Samples.RestHost.Drivers;

namespace Ml2.Samples.RestHost.Hosting;

/// <summary>
/// Composes the SDK from configuration: the <c>ml2</c> section (Neutron's ml2_conf.ini keys), the sample host-agent
/// mechanism driver (<c>host_agent</c>), LBaaS (<c>lbaas</c>) with the sample appliance driver, and the store
/// (<c>store</c>: <c>type</c> = <c>sqlite</c> (default, <c>path</c>) or <c>memory</c>).
/// </summary>
internal static class SdkComposition
{
    public static IServiceCollection AddRestHostSdk(this IServiceCollection services, IConfiguration configuration)
    {
        var hostAgent = HostAgentMechanismDriver.FromConfiguration(configuration.GetSection(HostAgentMechanismDriver.SectionName));
        var ml2 = services.AddMl2(configuration.GetSection("ml2"), options =>
            {
                // Neutron's description, dns_nameservers, host_routes: kept by a host extension driver.
                if (!options.ExtensionDrivers.Contains(StandardAttributesExtensionDriver.DriverAlias))
                {
                    options.ExtensionDrivers = [.. options.ExtensionDrivers, StandardAttributesExtensionDriver.DriverAlias];
                }
            })
            .AddMechanismDriver(hostAgent)
            .AddExtensionDriver<StandardAttributesExtensionDriver>();

        var lbaasSection = configuration.GetSection(LbaasOptions.SectionName);
        var lbaas = services.AddLbaas(lbaasSection, options =>
            {
                if (options.Providers.Count == 0)
                {
                    options.Providers = [$"{LbaasOptions.ServiceType}:adc:{SampleApplianceDriver.DriverName}:default"];
                }
            })
            .AddLoadBalancerDriver(new SampleApplianceDriver());

        var store = configuration.GetSection("store");
        var storeType = store["type"] ?? "sqlite";
        if (string.Equals(storeType, "memory", StringComparison.OrdinalIgnoreCase))
        {
            ml2.UseInMemoryStore();
        }
        else if (string.Equals(storeType, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            // Both features in one file: the ML2 and the LBaaS store share its connections.
            var path = Path.GetFullPath(store["path"] ?? "neutron-resthost.db");
            ml2.UseSqliteStore($"Data Source={path}");
            lbaas.UseSqliteStore($"Data Source={path}");
            services.AddSingleton(sp => new SqliteShutdownCheckpoint(path, sp.GetRequiredService<ILogger<SqliteShutdownCheckpoint>>()));
        }
        else
        {
            throw new InvalidOperationException($"store:type '{storeType}' is not supported: use 'sqlite' or 'memory'.");
        }

        services.AddHealthChecks().AddMl2Checks().AddLbaasChecks();   // served at /healthz and /readyz
        services.AddSingleton<Octavia.LoadBalancerDescriptions>();
        return services;
    }
}
