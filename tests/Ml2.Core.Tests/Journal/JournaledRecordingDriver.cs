using System.Collections.Concurrent;
using Ml2.Contexts;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Journal;

namespace Ml2.Core.Tests.Journal;

/// <summary>
/// A journaled mechanism driver that records its resource hooks in a <see cref="CallLog"/>, every delivery attempt
/// (successful or not, with a global order number) and every re-sync, and fails attempts as told.
/// </summary>
public sealed class JournaledRecordingDriver(string name, CallLog log) : IJournaledMechanismDriver
{
    private static long s_order;

    public string Name { get; } = name;

    /// <summary>Decides whether an attempt (the entry as claimed: Attempts = this attempt's number) fails.</summary>
    public Func<JournalEntry, bool> FailWhen { get; set; } = static _ => false;

    /// <summary>Awaited at the start of every delivery (e.g. to hold it at a gate), with the delivery's token.</summary>
    public Func<JournalEntry, CancellationToken, Task>? OnDeliver { get; set; }

    /// <summary>Yield inside DeliverAsync so parallel workers interleave.</summary>
    public bool YieldOnDeliver { get; set; }

    /// <summary>Every attempt, in order: the entry, whether it succeeded, a process-wide order number.</summary>
    public ConcurrentQueue<(JournalEntry Entry, bool Succeeded, long Order)> Attempts { get; } = new();

    /// <summary>Successful deliveries per sequence.</summary>
    public ConcurrentDictionary<long, int> DeliveryCounts { get; } = new();

    public ConcurrentQueue<JournalResyncContext> Resyncs { get; } = new();

    /// <summary>Completed once something was delivered.</summary>
    public TaskCompletionSource FirstDelivery { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<JournalEntry> Delivered => [.. Attempts.Where(a => a.Succeeded).OrderBy(a => a.Order).Select(a => a.Entry)];

    public async ValueTask DeliverAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        if (YieldOnDeliver)
        {
            await Task.Yield();
        }

        if (OnDeliver is { } hook)
        {
            await hook(entry, cancellationToken);
        }

        var order = Interlocked.Increment(ref s_order);
        if (FailWhen(entry))
        {
            Attempts.Enqueue((entry, false, order));
            throw new InvalidOperationException($"{Name}: controller unavailable for entry {entry.Sequence} (attempt {entry.Attempts}).");
        }

        Attempts.Enqueue((entry, true, order));
        DeliveryCounts.AddOrUpdate(entry.Sequence, 1, (_, n) => n + 1);
        FirstDelivery.TrySetResult();
    }

    public ValueTask ResyncAsync(JournalResyncContext context, CancellationToken cancellationToken)
    {
        Resyncs.Enqueue(context);
        return default;
    }

    public ValueTask CreateNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) => Record("create_network_precommit");

    public ValueTask CreateNetworkPostcommitAsync(NetworkContext context, CancellationToken cancellationToken) => Record("create_network_postcommit");

    public ValueTask UpdateNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) => Record("update_network_precommit");

    public ValueTask UpdateNetworkPostcommitAsync(NetworkContext context, CancellationToken cancellationToken) => Record("update_network_postcommit");

    public ValueTask DeleteNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) => Record("delete_network_precommit");

    public ValueTask DeleteNetworkPostcommitAsync(NetworkContext context, CancellationToken cancellationToken) => Record("delete_network_postcommit");

    public ValueTask CreateSubnetPrecommitAsync(SubnetContext context, CancellationToken cancellationToken) => Record("create_subnet_precommit");

    public ValueTask CreateSubnetPostcommitAsync(SubnetContext context, CancellationToken cancellationToken) => Record("create_subnet_postcommit");

    public ValueTask UpdateSubnetPrecommitAsync(SubnetContext context, CancellationToken cancellationToken) => Record("update_subnet_precommit");

    public ValueTask UpdateSubnetPostcommitAsync(SubnetContext context, CancellationToken cancellationToken) => Record("update_subnet_postcommit");

    public ValueTask DeleteSubnetPrecommitAsync(SubnetContext context, CancellationToken cancellationToken) => Record("delete_subnet_precommit");

    public ValueTask DeleteSubnetPostcommitAsync(SubnetContext context, CancellationToken cancellationToken) => Record("delete_subnet_postcommit");

    public ValueTask CreatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) => Record("create_port_precommit");

    public ValueTask CreatePortPostcommitAsync(PortContext context, CancellationToken cancellationToken) => Record("create_port_postcommit");

    public ValueTask UpdatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) => Record("update_port_precommit");

    public ValueTask UpdatePortPostcommitAsync(PortContext context, CancellationToken cancellationToken) => Record("update_port_postcommit");

    public ValueTask DeletePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) => Record("delete_port_precommit");

    public ValueTask DeletePortPostcommitAsync(PortContext context, CancellationToken cancellationToken) => Record("delete_port_postcommit");

    private ValueTask Record(string hook)
    {
        log.Add(Name, hook);
        return default;
    }
}
