using System.Collections.Concurrent;

namespace Ml2.Storage.InMemory;

/// <summary>Driver-owned rows of an in-memory transaction: pending writes overlay the committed rows until commit.</summary>
internal sealed class InMemoryDriverDataRepository(ConcurrentDictionary<(string Table, string Key), string> committed, InMemoryTransaction transaction)
    : IDriverDataRepository
{
    private Dictionary<(string Table, string Key), string?>? _writes;

    public ValueTask<string?> GetAsync(string table, string key, CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfCompleted();
        return ValueTask.FromResult(Find((table, key)));
    }

    public ValueTask SetAsync(string table, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        transaction.ThrowIfReadOnly();
        (_writes ??= [])[(table, key)] = value;
        return default;
    }

    public ValueTask<bool> RemoveAsync(string table, string key, CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfReadOnly();
        if (Find((table, key)) is null)
        {
            return ValueTask.FromResult(false);
        }

        (_writes ??= [])[(table, key)] = null;
        return ValueTask.FromResult(true);
    }

    public ValueTask<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(string table, CancellationToken cancellationToken = default)
    {
        transaction.ThrowIfCompleted();
        var rows = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var ((t, key), value) in committed)
        {
            if (string.Equals(t, table, StringComparison.Ordinal))
            {
                rows[key] = value;
            }
        }

        if (_writes is not null)
        {
            foreach (var ((t, key), value) in _writes)
            {
                if (!string.Equals(t, table, StringComparison.Ordinal))
                {
                    continue;
                }

                if (value is null)
                {
                    rows.Remove(key);
                }
                else
                {
                    rows[key] = value;
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<KeyValuePair<string, string>>>([.. rows]);
    }

    internal void ApplyTo()
    {
        if (_writes is null)
        {
            return;
        }

        foreach (var (key, value) in _writes)
        {
            if (value is null)
            {
                committed.TryRemove(key, out _);
            }
            else
            {
                committed[key] = value;
            }
        }
    }

    private string? Find((string Table, string Key) key) =>
        _writes is not null && _writes.TryGetValue(key, out var pending) ? pending : committed.GetValueOrDefault(key);
}
