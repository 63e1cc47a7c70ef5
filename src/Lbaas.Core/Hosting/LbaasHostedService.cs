using Lbaas.Service;
using Microsoft.Extensions.Hosting;

namespace Lbaas.Hosting;

/// <summary>
/// Starts and stops LBaaS with the generic host (registered by <c>AddLbaas()</c> after ML2's hosted service, so it
/// starts after ML2 and stops before it): at start it on-boards the configured devices (<c>lbaas:devices</c>), loads
/// the device cache, connects the agents and starts the agent monitor's and the reaper's timers; at stop it stops the
/// timers and the agents gracefully (see <see cref="LbaasRuntime.StopAsync"/>). Options were validated by the host
/// before (<c>ValidateOnStart</c>).
/// </summary>
internal sealed class LbaasHostedService(LbaasRuntime runtime) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        await runtime.StartAsync(cancellationToken).ConfigureAwait(false);

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await runtime.StopAsync(cancellationToken).ConfigureAwait(false);
}
