using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Journal;
using Ml2.Managers;
using Ml2.Storage;

namespace Ml2.Core.Tests.Journal;

/// <summary>
/// A test host with one journaled driver ("odl") followed by one plain recording driver ("sw"), the timer loop off
/// unless asked for, and a manual clock.
/// </summary>
public sealed class JournalTestHost : IAsyncDisposable
{
    private JournalTestHost(TestHost host, JournaledRecordingDriver odl, RecordingMechanismDriver sw)
    {
        Host = host;
        Odl = odl;
        Sw = sw;
    }

    public TestHost Host { get; }

    public JournaledRecordingDriver Odl { get; }

    public RecordingMechanismDriver Sw { get; }

    public IJournal Journal => Host.Services.GetRequiredService<IJournal>();

    public ManualTimeProvider Time => Host.Time;

    public IMl2Store Store => Host.Store;

    /// <param name="journal">Changes the journal options.</param>
    /// <param name="runWorker">Runs the worker's timer loop.</param>
    /// <param name="services">Adds services (health checks) before the container is built, or null.</param>
    public static JournalTestHost Create(Action<JournalOptions>? journal = null, bool runWorker = false, Action<IServiceCollection>? services = null)
    {
        JournaledRecordingDriver? odl = null;
        RecordingMechanismDriver? sw = null;
        var host = TestHost.Create(
            o =>
            {
                o.Journal.RunWorker = runWorker;
                o.Journal.RetryBaseDelay = TimeSpan.FromSeconds(1);
                o.Journal.RetryMaxDelay = TimeSpan.FromSeconds(8);
                o.Journal.LockTimeout = TimeSpan.FromSeconds(100);
                journal?.Invoke(o.Journal);
            },
            (builder, log) =>
            {
                odl = new JournaledRecordingDriver("odl", log);
                sw = new RecordingMechanismDriver("sw", log);
                builder.AddMechanismDriver(odl).AddMechanismDriver(sw);
                services?.Invoke(builder.Services);
            });
        return new JournalTestHost(host, odl!, sw!);
    }

    /// <summary>A second worker over the same store, as another controller instance would run.</summary>
    internal JournalWorker NewWorker(string workerId) => new(
        Store,
        Host.Services.GetRequiredService<MechanismManager>(),
        Host.Services.GetRequiredService<IOptions<Ml2Options>>(),
        Time,
        new TestRandom(7),
        NullLogger<JournalWorker>.Instance,
        workerId);

    public async Task<IReadOnlyList<JournalEntry>> EntriesAsync(JournalEntryState? state = null) => await Journal.ListAsync(state, 10_000);

    public async Task<JournalEntry> EntryAsync(long sequence)
    {
        var transaction = await Store.BeginReadOnlyTransactionAsync();
        await using (transaction)
        {
            return (await transaction.Journal.FindAsync(sequence))!;
        }
    }

    /// <summary>Runs passes, moving the clock by <paramref name="step"/> between them, until nothing is unfinished (bounded).</summary>
    public async Task DrainAsync(TimeSpan step, int maxPasses = 200)
    {
        for (var i = 0; i < maxPasses; i++)
        {
            await Journal.RunOnceAsync();
            var all = await EntriesAsync();
            if (all.All(e => !e.IsUnfinished))
            {
                return;
            }

            Time.Advance(step);
        }

        throw new InvalidOperationException("The journal did not drain.");
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
