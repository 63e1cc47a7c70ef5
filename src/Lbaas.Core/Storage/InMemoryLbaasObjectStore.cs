using System.Collections.Immutable;

namespace Lbaas.Storage;

/// <summary>
/// The default <see cref="ILbaasObjectStore"/>: the objects in memory, shared by every host that is given the same
/// instance. The committed state is an immutable map replaced on commit, so readers never wait and never see a
/// transaction's changes early; transactions are serialised by an async lock (held from begin to commit or dispose)
/// and keep their changes in a private overlay until commit.
/// </summary>
internal sealed class InMemoryLbaasObjectStore : ILbaasObjectStore, IDisposable
{
    private readonly SemaphoreSlim _writerGate = new(1, 1);
    private ImmutableDictionary<Type, ImmutableDictionary<string, ObjectEntry>> _objects = ImmutableDictionary<Type, ImmutableDictionary<string, ObjectEntry>>.Empty;
    private long _sequence;

    public InMemoryLbaasObjectStore()
    {
        LoadBalancers = new CommittedReader<LoadBalancer>(this);
        Listeners = new CommittedReader<Listener>(this);
        Pools = new CommittedReader<LoadBalancerPool>(this);
        Members = new CommittedReader<Member>(this);
        HealthMonitors = new CommittedReader<HealthMonitor>(this);
        Placements = new CommittedReader<LoadBalancerPlacementRecord>(this);
    }

    public ILbaasObjectReader<LoadBalancer> LoadBalancers { get; }

    public ILbaasObjectReader<Listener> Listeners { get; }

    public ILbaasObjectReader<LoadBalancerPool> Pools { get; }

    public ILbaasObjectReader<Member> Members { get; }

    public ILbaasObjectReader<HealthMonitor> HealthMonitors { get; }

    public ILbaasObjectReader<LoadBalancerPlacementRecord> Placements { get; }

    public async ValueTask<ILbaasTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        await _writerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new InMemoryLbaasTransaction(this, Volatile.Read(ref _objects));
    }

    public void Dispose() => _writerGate.Dispose();

    /// <summary>The next insertion number.</summary>
    internal long NextSequence() => Interlocked.Increment(ref _sequence);

    /// <summary>Publishes a transaction's state (the caller holds the writer lock) and releases the lock.</summary>
    internal void Commit(ImmutableDictionary<Type, ImmutableDictionary<string, ObjectEntry>> objects)
    {
        Volatile.Write(ref _objects, objects);
        _writerGate.Release();
    }

    /// <summary>Releases the writer lock without publishing anything.</summary>
    internal void Abandon() => _writerGate.Release();

    /// <summary>Entries' values in insertion order.</summary>
    internal static T[] Ordered<T>(IEnumerable<ObjectEntry> entries)
    {
        var array = entries.ToArray();
        Array.Sort(array, static (a, b) => a.Sequence.CompareTo(b.Sequence));
        var values = new T[array.Length];
        for (var i = 0; i < array.Length; i++)
        {
            values[i] = (T)array[i].Value;
        }

        return values;
    }

    /// <summary>A table's committed objects.</summary>
    private sealed class CommittedReader<T>(InMemoryLbaasObjectStore store) : ILbaasObjectReader<T>
        where T : class
    {
        public ValueTask<T?> FindAsync(string id, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(id);
            cancellationToken.ThrowIfCancellationRequested();
            var objects = Volatile.Read(ref store._objects);
            return ValueTask.FromResult(objects.TryGetValue(typeof(T), out var table) && table.TryGetValue(id, out var entry) ? (T)entry.Value : null);
        }

        public ValueTask<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var table = Volatile.Read(ref store._objects).GetValueOrDefault(typeof(T));
            return ValueTask.FromResult<IReadOnlyList<T>>(Ordered<T>(table?.Values ?? []));
        }
    }
}

/// <summary>One stored object with its insertion number.</summary>
/// <param name="Sequence">The insertion number (insertion order).</param>
/// <param name="Value">The object.</param>
internal sealed record ObjectEntry(long Sequence, object Value);
