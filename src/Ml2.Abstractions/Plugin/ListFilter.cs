namespace Ml2.Plugin;

/// <summary>
/// A list filter over Neutron attribute names (<c>name</c>, <c>id</c>, <c>network_id</c>, <c>device_id</c>,
/// <c>binding:host_id</c>, ...): a resource matches when, for every attribute, its value equals one of the given
/// values (several values of one attribute are OR, attributes are AND). An unknown attribute is bad input.
/// </summary>
public sealed class ListFilter
{
    private readonly Dictionary<string, IReadOnlyList<string>> _attributes = new(StringComparer.Ordinal);

    /// <summary>An empty filter (matches everything).</summary>
    public static ListFilter None => new();

    /// <summary>The attributes filtered on.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes => _attributes;

    /// <summary>Starts a filter with one attribute.</summary>
    /// <param name="attribute">The Neutron attribute name.</param>
    /// <param name="values">Accepted values (any of them matches).</param>
    /// <returns>The filter.</returns>
    public static ListFilter Where(string attribute, params string[] values) => new ListFilter().And(attribute, values);

    /// <summary>Adds an attribute to the filter.</summary>
    /// <param name="attribute">The Neutron attribute name.</param>
    /// <param name="values">Accepted values (any of them matches).</param>
    /// <returns>This filter.</returns>
    public ListFilter And(string attribute, params string[] values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(attribute);
        ArgumentNullException.ThrowIfNull(values);
        _attributes[attribute] = _attributes.TryGetValue(attribute, out var existing) ? [.. existing, .. values] : values;
        return this;
    }
}
