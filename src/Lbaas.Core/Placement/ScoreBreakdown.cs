using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Lbaas.Placement;

/// <summary>
/// A chosen device's score per scoring policy: the pipeline's policy names (shared by every result) and one array of
/// values, looked up by name case-insensitively. Lighter than a dictionary per placement.
/// </summary>
internal sealed class ScoreBreakdown(string[] names, double[] values) : IReadOnlyDictionary<string, double>
{
    public int Count => names.Length;

    public IEnumerable<string> Keys => names;

    public IEnumerable<double> Values => values;

    public double this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No score of '{key}'.");

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? values[index] : 0;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator()
    {
        for (var i = 0; i < names.Length; i++)
        {
            yield return new KeyValuePair<string, double>(names[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], key, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
