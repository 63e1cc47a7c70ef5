using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Health;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the ML2 health checks to a host's health checks (<c>services.AddHealthChecks().AddMl2Checks()</c>).</summary>
public static class Ml2HealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds the ML2 checks, each tagged <see cref="Ml2HealthChecks.Ml2Tag"/> and <see cref="Ml2HealthChecks.ReadyTag"/>
    /// (none <see cref="Ml2HealthChecks.LiveTag"/>): <see cref="Ml2HealthChecks.StoreCheckName"/> (the store answers; a
    /// SQL store's schema is at the version this SDK writes) and <see cref="Ml2HealthChecks.JournalCheckName"/> (no
    /// failed entry; the pending backlog within <see cref="Ml2HealthCheckOptions"/>). Idempotent. The checks use the
    /// services of <c>AddMl2()</c>; thresholds come from <c>ml2:health</c> (bound by <c>AddMl2(IConfiguration)</c>) and
    /// <paramref name="configure"/>, and are validated at start. A failing check reports the registration's failure
    /// status (Unhealthy). Results carry counts and the first <see cref="Ml2HealthChecks.MaxListedIds"/> offending
    /// ids, never secrets.
    /// </summary>
    /// <param name="builder">The host's health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="configure">Sets thresholds in code, or null.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHealthChecksBuilder AddMl2Checks(this IHealthChecksBuilder builder, Action<Ml2HealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<Ml2HealthCheckOptions>().ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(StoreHealthCheck)))
        {
            return builder;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Ml2HealthCheckOptions>, Ml2HealthCheckOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StoreHealthCheck>();
        services.TryAddSingleton<JournalHealthCheck>();
        string[] tags = [Ml2HealthChecks.Ml2Tag, Ml2HealthChecks.ReadyTag];
        builder.Add(new HealthCheckRegistration(Ml2HealthChecks.StoreCheckName, sp => sp.GetRequiredService<StoreHealthCheck>(), failureStatus: null, tags));
        builder.Add(new HealthCheckRegistration(Ml2HealthChecks.JournalCheckName, sp => sp.GetRequiredService<JournalHealthCheck>(), failureStatus: null, tags));
        return builder;
    }
}
