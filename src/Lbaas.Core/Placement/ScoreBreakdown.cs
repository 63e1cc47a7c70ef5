using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Lbaas.Placement;

/// <summary>
/// A chosen device's score per scoring policy: the pipeline's policy names (shared by every result) and the values,
/// looked up by name case-insensitively. Up to <see cref="Inline"/> values (the default pipeline has four scorers) are
/// held in the object itself, more in an array beside: one allocation per placement, lighter than a dictionary.
/// </summary>
internal sealed class ScoreBreakdown : IReadOnlyDictionary<string, double>
{
    /// <summary>How many values are held without an array.</summary>
    public const int Inline = 4;

    private readonly string[] _names;
    private readonly InlineValues _inline;
    private readonly double[]? _spilled;

    /// <summary>Creates a breakdown.</summary>
    /// <param name="names">The scoring policies' names (not copied: shared by every result of a pipeline).</param>
    /// <param name="values">One value per name (copied).</param>
    public ScoreBreakdown(string[] names, ReadOnlySpan<double> values)
    {
        if (values.Length != names.Length)
        {
            throw new ArgumentException($"{values.Length} values for {names.Length} names.", nameof(values));
        }

        _names = names;
        if (values.Length <= Inline)
        {
            values.CopyTo(_inline);
        }
        else
        {
            _spilled = values.ToArray();
        }
    }

    public int Count => _names.Length;

    public IEnumerable<string> Keys => _names;

    public IEnumerable<double> Values
    {
        get
        {
            for (var i = 0; i < _names.Length; i++)
            {
                yield return ValueAt(i);
            }
        }
    }

    public double this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No score of '{key}'.");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? ValueAt(index) : 0;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (var i = 0; i < _names.Length; i++)
        {
            yield return new KeyValuePair<string, double>(_names[i], ValueAt(i));
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private double ValueAt(int index) => _spilled is null ? _inline[index] : _spilled[index];

    private int IndexOf(string key)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (string.Equals(_names[i], key, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    // The values held in the object.
    [System.Runtime.CompilerServices.InlineArray(Inline)]
    private struct InlineValues
    {
        private double _first;
    }
}
