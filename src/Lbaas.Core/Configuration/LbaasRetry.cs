using Lbaas.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2.Resilience;

namespace Lbaas.Configuration;

/// <summary>The LBaaS retry policy's registration, shared by <c>AddLbaas()</c> and the SQL store registrations.</summary>
internal static class LbaasRetry
{
    /// <summary>
    /// Adds the LBaaS <see cref="ConflictRetry"/> (settings from <see cref="LbaasOptions"/>, re-runs counted in
    /// <c>lbaas.retries</c>) with the metrics it counts on, unless registered. Idempotent.
    /// </summary>
    public static void TryAdd(IServiceCollection services)
    {
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LbaasMetrics>();
        services.TryAddSingleton(sp => new ConflictRetry(
            sp.GetRequiredService<IOptions<LbaasOptions>>().Value.RetrySettings,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<LbaasMetrics>().Retries,
            sp.GetRequiredService<ILogger<ConflictRetry>>()));
    }
}
