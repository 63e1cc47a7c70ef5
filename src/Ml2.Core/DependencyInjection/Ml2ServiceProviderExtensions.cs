using Ml2.Plugin;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Starts the ML2 plugin eagerly.</summary>
public static class Ml2ServiceProviderExtensions
{
    /// <summary>
    /// Validates the options and drivers, configures the segment and MAC pools and initialises every driver now,
    /// instead of on the first plugin call. Call it at host start to fail fast.
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
}
