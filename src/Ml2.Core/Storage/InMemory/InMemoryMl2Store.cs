using System.Collections.Concurrent;
using Ml2.Model;
using Ml2.Pools;

namespace Ml2.Storage.InMemory;

/// <summary>
/// The in-memory store: real transactions (rollback leaves no trace, readers see committed rows only), writers
/// serialised by one asynchronous lock, readers lock-free. Pools are <see cref="IdPool"/>s: ranges plus ids in use.
/// </summary>
internal sealed class InMemoryMl2Store(IRandomSource random) : IMl2Store, IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    internal InMemoryTable<Network> NetworkTable { get; } = new(n => n.Id, n => n.RevisionNumber, null);

    internal InMemoryTable<Subnet> SubnetTable { get; } = new(s => s.Id, s => s.RevisionNumber, s => s.NetworkId);

    internal InMemoryTable<Port> PortTable { get; } = new(p => p.Id, p => p.RevisionNumber, p => p.NetworkId, p => p.MacAddress);

    internal Dictionary<string, IdPool> Pools { get; } = new(StringComparer.Ordinal);

    internal CommittedPoolView CommittedPools { get; } = new();

    internal ConcurrentDictionary<(string Table, string Key), string> DriverData { get; } = new();

    internal InMemoryJournalTable Journal { get; } = new();

    internal IRandomSource Random { get; } = random;

    internal Lock CommitLock { get; } = new();

    public ValueTask<IMl2Transaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        var wait = _writeLock.WaitAsync(cancellationToken);
        return wait.IsCompletedSuccessfully
            ? ValueTask.FromResult<IMl2Transaction>(new InMemoryTransaction(this, readOnly: false))
            : WaitAndBeginAsync(wait);
    }

    public ValueTask<IMl2Transaction> BeginReadOnlyTransactionAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IMl2Transaction>(new InMemoryTransaction(this, readOnly: true));

    public void Dispose() => _writeLock.Dispose();

    internal void ReleaseWriteLock() => _writeLock.Release();

    private async ValueTask<IMl2Transaction> WaitAndBeginAsync(Task wait)
    {
        await wait.ConfigureAwait(false);
        return new InMemoryTransaction(this, readOnly: false);
    }
}
