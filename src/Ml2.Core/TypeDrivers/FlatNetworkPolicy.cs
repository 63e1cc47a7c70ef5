using Ml2.Configuration;

namespace Ml2.TypeDrivers;

/// <summary>Which physical networks may carry flat networks (<c>[ml2_type_flat] flat_networks</c>).</summary>
internal sealed class FlatNetworkPolicy
{
    private readonly HashSet<string> _allowed;

    private FlatNetworkPolicy(bool allowAny, HashSet<string> allowed)
    {
        AllowAny = allowAny;
        _allowed = allowed;
    }

    /// <summary>Whether any physical network name is allowed (<c>*</c>, the default).</summary>
    public bool AllowAny { get; }

    /// <summary>Whether flat networks are disabled (an empty list).</summary>
    public bool Disabled => !AllowAny && _allowed.Count == 0;

    /// <summary>The listed physical networks (empty when <see cref="AllowAny"/>).</summary>
    public IReadOnlySet<string> Allowed => _allowed;

    /// <summary>Parses the option: null (unset) or a list containing <c>*</c> allows any; an empty list disables.</summary>
    /// <param name="entries">The option value; entries may be comma-separated.</param>
    /// <returns>The policy.</returns>
    public static FlatNetworkPolicy Parse(IEnumerable<string>? entries)
    {
        if (entries is null)
        {
            return new FlatNetworkPolicy(true, []);
        }

        var names = ConfigList.Split(entries);
        return names.Contains("*", StringComparer.Ordinal)
            ? new FlatNetworkPolicy(true, [])
            : new FlatNetworkPolicy(false, new HashSet<string>(names, StringComparer.Ordinal));
    }

    /// <summary>Whether a flat network may use the physical network.</summary>
    /// <param name="physicalNetwork">The physical network.</param>
    /// <returns>True when allowed.</returns>
    public bool Allows(string physicalNetwork) => AllowAny || _allowed.Contains(physicalNetwork);
}
