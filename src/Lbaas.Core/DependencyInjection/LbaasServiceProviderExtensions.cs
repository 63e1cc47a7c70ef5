using Lbaas.Service;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Starts LBaaS eagerly.</summary>
public static class LbaasServiceProviderExtensions
{
    /// <summary>
    /// Validates every options type registered with <c>ValidateOnStart</c> (LBaaS, placement, wiring, ML2), starts
    /// ML2, then starts the agents (first heartbeats), the agent monitor and the pending reaper, instead of on the
    /// first service call. Call it at host start to fail fast when there is no generic host.
    /// </summary>
    /// <param name="services">The service provider holding LBaaS.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The started service.</returns>
    /// <exception cref="OptionsValidationException">Options are invalid; every problem is listed.</exception>
    public static async ValueTask<ILoadBalancerService> StartLbaasAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.GetService<IStartupValidator>()?.Validate();
        await services.StartMl2Async(cancellationToken).ConfigureAwait(false);
        var service = services.GetRequiredService<ILoadBalancerService>();
        await services.GetRequiredService<LbaasRuntime>().EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        return service;
    }
}
