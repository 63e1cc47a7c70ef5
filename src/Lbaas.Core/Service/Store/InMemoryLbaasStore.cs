using Ml2.Exceptions;
using Ml2.Lbaas;

namespace Lbaas.Service.Store;

/// <summary>
/// The default <see cref="ILbaasStore"/>: objects in memory behind one lock. A write unit holds the lock and keeps an
/// undo log, so a unit that throws leaves nothing behind. Objects are immutable records, so readers never see a
/// half-made one.
/// </summary>
internal sealed class InMemoryLbaasStore : ILbaasStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Type, Dictionary<string, Entry>> _tables = [];
    private long _sequence;

    public ValueTask<T?> FindAsync<T>(string id, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(id);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult(FindCore<T>(id));
        }
    }

    public ValueTask<IReadOnlyList<T>> ListAsync<T>(CancellationToken cancellationToken)
        where T : class
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<T>>(ListCore<T>(null));
        }
    }

    public ValueTask<TResult> WriteAsync<TResult>(Func<ILbaasStoreWriter, TResult> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var writer = new Writer(this);
            try
            {
                var result = work(writer);
                writer.Close();
                return ValueTask.FromResult(result);
            }
            catch
            {
                writer.Rollback();
                throw;
            }
        }
    }

    private Dictionary<string, Entry> Table(Type type)
    {
        if (!_tables.TryGetValue(type, out var table))
        {
            table = new Dictionary<string, Entry>(StringComparer.Ordinal);
            _tables[type] = table;
        }

        return table;
    }

    private T? FindCore<T>(string id)
        where T : class =>
        _tables.TryGetValue(typeof(T), out var table) && table.TryGetValue(id, out var entry) ? (T)entry.Value : null;

    private List<T> ListCore<T>(Func<T, bool>? predicate)
        where T : class
    {
        if (!_tables.TryGetValue(typeof(T), out var table))
        {
            return [];
        }

        var values = table.Values.OrderBy(e => e.Sequence).Select(e => (T)e.Value);
        return predicate is null ? [.. values] : [.. values.Where(predicate)];
    }

    private sealed record Entry(long Sequence, object Value);

    private sealed class Writer(InMemoryLbaasStore store) : ILbaasStoreWriter
    {
        private readonly List<(Type Type, string Id, Entry? Previous)> _undo = [];
        private bool _closed;

        public T? Find<T>(string id)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(id);
            ThrowIfClosed();
            return store.FindCore<T>(id);
        }

        public IReadOnlyList<T> List<T>(Func<T, bool>? predicate = null)
            where T : class
        {
            ThrowIfClosed();
            return store.ListCore(predicate);
        }

        public T Insert<T>(T value)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(value);
            ThrowIfClosed();
            var id = StoredObjects.IdOf(value);
            var table = store.Table(typeof(T));
            if (table.ContainsKey(id))
            {
                throw new ConflictException($"{StoredObjects.ResourceName(typeof(T))} {id} already exists.");
            }

            if (value is LoadBalancer lb)
            {
                value = (T)(object)(lb with { RevisionNumber = 1 });
            }

            _undo.Add((typeof(T), id, null));
            table[id] = new Entry(++store._sequence, value);
            return value;
        }

        public T Update<T>(T value)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(value);
            ThrowIfClosed();
            var id = StoredObjects.IdOf(value);
            var table = store.Table(typeof(T));
            if (!table.TryGetValue(id, out var current))
            {
                throw new ResourceNotFoundException(StoredObjects.ResourceName(typeof(T)), id);
            }

            if (value is LoadBalancer lb)
            {
                var stored = (LoadBalancer)current.Value;
                if (stored.RevisionNumber != lb.RevisionNumber)
                {
                    throw new ConcurrencyConflictException(StoredObjects.ResourceName(typeof(T)), id, lb.RevisionNumber, stored.RevisionNumber);
                }

                value = (T)(object)(lb with { RevisionNumber = stored.RevisionNumber + 1 });
            }

            _undo.Add((typeof(T), id, current));
            table[id] = current with { Value = value };
            return value;
        }

        public bool Delete<T>(string id)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(id);
            ThrowIfClosed();
            var table = store.Table(typeof(T));
            if (!table.Remove(id, out var current))
            {
                return false;
            }

            _undo.Add((typeof(T), id, current));
            return true;
        }

        public void Close() => _closed = true;

        public void Rollback()
        {
            for (var i = _undo.Count - 1; i >= 0; i--)
            {
                var (type, id, previous) = _undo[i];
                var table = store.Table(type);
                if (previous is null)
                {
                    table.Remove(id);
                }
                else
                {
                    table[id] = previous;
                }
            }

            _undo.Clear();
            _closed = true;
        }

        private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, this);
    }
}
