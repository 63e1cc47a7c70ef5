using Ml2.Journal;

namespace Ml2.Storage.InMemory;

/// <summary>
/// The committed journal rows of the in-memory store, ordered by sequence, behind a lock (readers copy what they need).
/// Sequences come from a counter that never goes back, so a rolled-back append leaves a gap, as an SQL identity does.
/// </summary>
internal sealed class InMemoryJournalTable
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, JournalEntry> _rows = [];
    private long _lastSequence;

    public long NextSequence() => Interlocked.Increment(ref _lastSequence);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _rows.Count;
            }
        }
    }

    public JournalEntry? Find(long sequence)
    {
        lock (_lock)
        {
            return _rows.GetValueOrDefault(sequence);
        }
    }

    /// <summary>The committed rows, in sequence order, that match, up to <paramref name="limit"/>.</summary>
    public List<JournalEntry> Select(Func<JournalEntry, bool> match, int limit)
    {
        var result = new List<JournalEntry>();
        lock (_lock)
        {
            foreach (var row in _rows.Values)
            {
                if (result.Count >= limit)
                {
                    break;
                }

                if (match(row))
                {
                    result.Add(row);
                }
            }
        }

        return result;
    }

    /// <summary>Every committed row, for a transaction that must overlay its own writes.</summary>
    public SortedDictionary<long, JournalEntry> Copy()
    {
        lock (_lock)
        {
            return new SortedDictionary<long, JournalEntry>(_rows);
        }
    }

    /// <summary>Applies a committing transaction's writes (null = deleted).</summary>
    public void Apply(IEnumerable<KeyValuePair<long, JournalEntry?>> writes)
    {
        lock (_lock)
        {
            foreach (var (sequence, row) in writes)
            {
                if (row is null)
                {
                    _rows.Remove(sequence);
                }
                else
                {
                    _rows[sequence] = row;
                }
            }
        }
    }
}
