using Ml2.Journal;
using Ml2.Plugin;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Starts and stops the ML2 plugin explicitly, for hosts without the generic host (with it, the hosted service that
/// <c>AddMl2()</c> registers does both).
/// </summary>
public static class Ml2ServiceProviderExtensions
{
    /// <summary>
    /// Validates the options and drivers, configures the segment pools and the MAC bookkeeping and initialises every driver now,
    /// instead of on the first plugin call, and starts the journal worker's timer loop. Call it at host start to fail fast.
    /// Idempotent.
    /// </summary>
    /// <param name="services">The service provider holding the plugin.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The started plugin.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options or drivers are invalid; every problem is listed.</exception>
    public static async ValueTask<IMl2Plugin> StartMl2Async(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var plugin = services.GetRequiredService<IMl2Plugin>();
        if (plugin is Ml2Plugin ml2)
        {
            await ml2.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        }

        return plugin;
    }

    /// <summary>
    /// Stops the plugin's background work gracefully: the journal worker's timer loop stops, the delivery in progress
    /// finishes and its outcome is recorded; if <paramref name="cancellationToken"/> is cancelled first, that delivery
    /// is cancelled and its entry handed back (pending, unlocked). The loop does not start again; plugin calls keep
    /// working. Idempotent. Disposing the container stops it too, without the grace.
    /// </summary>
    /// <param name="services">The service provider holding the plugin.</param>
    /// <param name="cancellationToken">Forces the stop (the delivery in progress is cancelled).</param>
    /// <returns>A task that completes when no background work runs.</returns>
    public static async ValueTask StopMl2Async(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await services.GetRequiredService<JournalWorker>().StopAsync(cancellationToken).ConfigureAwait(false);
    }
}
