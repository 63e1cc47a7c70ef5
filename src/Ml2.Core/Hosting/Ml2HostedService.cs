using Microsoft.Extensions.Hosting;
using Ml2.Journal;
using Ml2.Plugin;

namespace Ml2.Hosting;

/// <summary>
/// Starts and stops the ML2 plugin with the generic host (registered by <c>AddMl2()</c>): at start it initialises the
/// plugin (type driver pools, MAC bookkeeping, every driver) and starts the journal worker's timer loop; at stop it stops
/// the loop gracefully (the delivery in progress finishes, or is handed back when the host's stop times out).
/// </summary>
internal sealed class Ml2HostedService(IMl2Plugin plugin, JournalWorker journal) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (plugin is Ml2Plugin ml2)
        {
            await ml2.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await journal.StopAsync(cancellationToken).ConfigureAwait(false);
}
