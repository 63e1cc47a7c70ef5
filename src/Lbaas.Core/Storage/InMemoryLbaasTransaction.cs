using System.Collections.Immutable;
using Ml2.Exceptions;

namespace Lbaas.Storage;

/// <summary>
/// A transaction of the <see cref="InMemoryLbaasObjectStore"/>: holds the store's writer lock from begin to commit or
/// dispose, and keeps its changes in a private overlay over the state committed when it began.
/// </summary>
internal sealed class InMemoryLbaasTransaction : ILbaasTransaction
{
    private readonly InMemoryLbaasObjectStore _store;
    private readonly ImmutableDictionary<Type, ImmutableDictionary<string, ObjectEntry>> _committed;
    // This transaction's changes by type and id; a null entry is a deletion.
    private readonly Dictionary<Type, Dictionary<string, ObjectEntry?>> _changes = [];
    private bool _completed;
    private Repository<LoadBalancer>? _loadBalancers;
    private Repository<Listener>? _listeners;
    private Repository<LoadBalancerPool>? _pools;
    private Repository<Member>? _members;
    private Repository<HealthMonitor>? _healthMonitors;
    private Repository<LoadBalancerPlacementRecord>? _placements;

    public InMemoryLbaasTransaction(InMemoryLbaasObjectStore store, ImmutableDictionary<Type, ImmutableDictionary<string, ObjectEntry>> committed)
    {
        _store = store;
        _committed = committed;
    }

    public ILbaasObjectRepository<LoadBalancer> LoadBalancers => _loadBalancers ??= new(this, static lb => lb.Id);

    public ILbaasObjectRepository<Listener> Listeners => _listeners ??= new(this, static l => l.Id);

    public ILbaasObjectRepository<LoadBalancerPool> Pools => _pools ??= new(this, static p => p.Id);

    public ILbaasObjectRepository<Member> Members => _members ??= new(this, static m => m.Id);

    public ILbaasObjectRepository<HealthMonitor> HealthMonitors => _healthMonitors ??= new(this, static h => h.Id);

    public ILbaasObjectRepository<LoadBalancerPlacementRecord> Placements => _placements ??= new(this, static p => p.LoadBalancerId);

    public ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        cancellationToken.ThrowIfCancellationRequested();
        _completed = true;
        _store.Commit(Apply(_committed));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            _store.Abandon();
        }

        return ValueTask.CompletedTask;
    }

    private ImmutableDictionary<Type, ImmutableDictionary<string, ObjectEntry>> Apply(ImmutableDictionary<Type, ImmutableDictionary<string, ObjectEntry>> objects)
    {
        foreach (var (type, changes) in _changes)
        {
            var table = (objects.GetValueOrDefault(type) ?? ImmutableDictionary.Create<string, ObjectEntry>(StringComparer.Ordinal)).ToBuilder();
            foreach (var (id, entry) in changes)
            {
                if (entry is null)
                {
                    table.Remove(id);
                }
                else
                {
                    table[id] = entry;
                }
            }

            objects = objects.SetItem(type, table.ToImmutable());
        }

        return objects;
    }

    private ObjectEntry? Current(Type type, string id) =>
        _changes.TryGetValue(type, out var changes) && changes.TryGetValue(id, out var changed)
            ? changed
            : _committed.TryGetValue(type, out var table) && table.TryGetValue(id, out var entry) ? entry : null;

    private Dictionary<string, ObjectEntry?> Changes(Type type)
    {
        if (!_changes.TryGetValue(type, out var changes))
        {
            changes = new Dictionary<string, ObjectEntry?>(StringComparer.Ordinal);
            _changes[type] = changes;
        }

        return changes;
    }

    private void ThrowIfCompleted() => ObjectDisposedException.ThrowIf(_completed, this);

    /// <summary>One table as this transaction sees it.</summary>
    private sealed class Repository<T>(InMemoryLbaasTransaction tx, Func<T, string> idOf) : ILbaasObjectRepository<T>
        where T : class
    {
        private static string Name => LbaasStoredTypes.ResourceName(typeof(T));

        public ValueTask<T?> FindAsync(string id, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(id);
            tx.ThrowIfCompleted();
            return ValueTask.FromResult(tx.Current(typeof(T), id)?.Value as T);
        }

        public ValueTask<IReadOnlyList<T>> ListAsync(CancellationToken cancellationToken = default)
        {
            tx.ThrowIfCompleted();
            var table = tx._committed.GetValueOrDefault(typeof(T));
            if (!tx._changes.TryGetValue(typeof(T), out var changes))
            {
                return ValueTask.FromResult<IReadOnlyList<T>>(InMemoryLbaasObjectStore.Ordered<T>(table?.Values ?? []));
            }

            var merged = new Dictionary<string, ObjectEntry>(StringComparer.Ordinal);
            if (table is not null)
            {
                foreach (var (id, entry) in table)
                {
                    merged[id] = entry;
                }
            }

            foreach (var (id, entry) in changes)
            {
                if (entry is null)
                {
                    merged.Remove(id);
                }
                else
                {
                    merged[id] = entry;
                }
            }

            return ValueTask.FromResult<IReadOnlyList<T>>(InMemoryLbaasObjectStore.Ordered<T>(merged.Values));
        }

        public ValueTask<T> AddAsync(T value, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(value);
            tx.ThrowIfCompleted();
            var id = idOf(value);
            if (tx.Current(typeof(T), id) is not null)
            {
                throw new ConflictException($"{Name} {id} already exists.");
            }

            if (value is LoadBalancer lb)
            {
                value = (T)(object)(lb with { RevisionNumber = 1 });
            }

            tx.Changes(typeof(T))[id] = new ObjectEntry(tx._store.NextSequence(), value);
            return ValueTask.FromResult(value);
        }

        public ValueTask<T> UpdateAsync(T value, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(value);
            tx.ThrowIfCompleted();
            var id = idOf(value);
            var current = tx.Current(typeof(T), id) ?? throw new ResourceNotFoundException(Name, id);
            if (value is LoadBalancer lb)
            {
                var stored = (LoadBalancer)current.Value;
                if (stored.RevisionNumber != lb.RevisionNumber)
                {
                    throw new ConcurrencyConflictException(Name, id, lb.RevisionNumber, stored.RevisionNumber);
                }

                value = (T)(object)(lb with { RevisionNumber = stored.RevisionNumber + 1 });
            }

            tx.Changes(typeof(T))[id] = current with { Value = value };
            return ValueTask.FromResult(value);
        }

        public ValueTask<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(id);
            tx.ThrowIfCompleted();
            if (tx.Current(typeof(T), id) is null)
            {
                return ValueTask.FromResult(false);
            }

            tx.Changes(typeof(T))[id] = null;
            return ValueTask.FromResult(true);
        }
    }
}
