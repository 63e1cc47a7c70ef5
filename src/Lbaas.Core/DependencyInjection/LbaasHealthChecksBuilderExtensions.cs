using Lbaas.Configuration;
using Lbaas.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Ml2.Health;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the LBaaS health checks to a host's health checks (<c>services.AddHealthChecks().AddMl2Checks().AddLbaasChecks()</c>).</summary>
public static class LbaasHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the LBaaS checks, each tagged <see cref="LbaasHealthChecks.LbaasTag"/> and <see cref="Ml2HealthChecks.ReadyTag"/>
    /// (none <see cref="Ml2HealthChecks.LiveTag"/>): <see cref="LbaasHealthChecks.AgentsCheckName"/> (agents alive),
    /// <see cref="LbaasHealthChecks.DevicesCheckName"/> (devices down, degraded or full) and
    /// <see cref="LbaasHealthChecks.PendingCheckName"/> (load balancers stuck PENDING_*). Idempotent; the ML2 checks are
    /// added separately with <c>AddMl2Checks()</c>. The checks read the LBaaS state store of <c>AddLbaas()</c>;
    /// thresholds come from <c>lbaas:health</c> (bound by <c>AddLbaas(IConfiguration)</c>) and
    /// <paramref name="configure"/>, and are validated at start. A failing check reports the registration's failure
    /// status (Unhealthy). Results carry counts and the first <see cref="Ml2HealthChecks.MaxListedIds"/> offending ids,
    /// never device credentials.
    /// </summary>
    /// <param name="builder">The host's health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="configure">Sets thresholds in code, or null.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHealthChecksBuilder AddLbaasChecks(this IHealthChecksBuilder builder, Action<LbaasHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<LbaasHealthCheckOptions>().ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(AgentsHealthCheck)))
        {
            return builder;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LbaasHealthCheckOptions>, LbaasHealthCheckOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AgentsHealthCheck>();
        services.TryAddSingleton<DevicesHealthCheck>();
        services.TryAddSingleton<PendingLoadBalancersHealthCheck>();
        string[] tags = [LbaasHealthChecks.LbaasTag, Ml2HealthChecks.ReadyTag];
        builder.Add(new HealthCheckRegistration(LbaasHealthChecks.AgentsCheckName, sp => sp.GetRequiredService<AgentsHealthCheck>(), failureStatus: null, tags));
        builder.Add(new HealthCheckRegistration(LbaasHealthChecks.DevicesCheckName, sp => sp.GetRequiredService<DevicesHealthCheck>(), failureStatus: null, tags));
        builder.Add(new HealthCheckRegistration(LbaasHealthChecks.PendingCheckName, sp => sp.GetRequiredService<PendingLoadBalancersHealthCheck>(), failureStatus: null, tags));
        return builder;
    }
}
