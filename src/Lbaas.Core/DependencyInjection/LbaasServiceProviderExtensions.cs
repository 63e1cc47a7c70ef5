using Lbaas.Service;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Starts and stops LBaaS explicitly, for hosts without the generic host (with it, the hosted service that
/// <c>AddLbaas()</c> registers does both).
/// </summary>
public static class LbaasServiceProviderExtensions
{
    /// <summary>
    /// Validates every options type registered with <c>ValidateOnStart</c> (LBaaS, placement, wiring, ML2), on-boards
    /// or updates the configured devices (<c>lbaas:devices</c>; all are checked before the first is
    /// stored), then starts the agents (first heartbeats), the agent monitor and the pending reaper, instead of on the
    /// first service call. Call it at host start to fail fast when there is no generic host, after ML2's
    /// <c>StartMl2Async()</c> (Ml2.Core; LBaaS does not depend on it and so no longer starts it). Idempotent.
    /// </summary>
    /// <param name="services">The service provider holding LBaaS.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The started service.</returns>
    /// <exception cref="OptionsValidationException">Options are invalid; every problem is listed.</exception>
    /// <exception cref="Ml2.Exceptions.InvalidInputException">A configured device is invalid (named <c>devices[&lt;n&gt;].&lt;key&gt;</c> with its value); no device was stored.</exception>
    public static async ValueTask<ILoadBalancerService> StartLbaasAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.GetService<IStartupValidator>()?.Validate();
        var service = services.GetRequiredService<ILoadBalancerService>();
        await services.GetRequiredService<LbaasRuntime>().StartAsync(cancellationToken).ConfigureAwait(false);
        return service;
    }

    /// <summary>
    /// Stops LBaaS's background work gracefully (then stop ML2's with <c>StopMl2Async()</c>): the agent monitor's and the
    /// reaper's timers stop (a check in progress finishes), every in-process agent stops its heartbeats and finishes and
    /// reports the operation in progress. If <paramref name="cancellationToken"/> is cancelled first, work in progress
    /// is cancelled instead. Nothing starts again; idempotent. Disposing the container stops it too, without the grace.
    /// </summary>
    /// <param name="services">The service provider holding LBaaS.</param>
    /// <param name="cancellationToken">Forces the stop (work in progress is cancelled).</param>
    /// <returns>A task that completes when no background work runs.</returns>
    public static async ValueTask StopLbaasAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await services.GetRequiredService<LbaasRuntime>().StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
