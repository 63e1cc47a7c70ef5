using Microsoft.Extensions.Configuration;

namespace Ml2.Configuration;

/// <summary>Options of the flat type driver (<c>[ml2_type_flat]</c>).</summary>
public sealed class FlatTypeOptions
{
    /// <summary>
    /// Physical networks usable for flat networks (<c>flat_networks</c>); <c>*</c> allows any, an empty list disables
    /// flat networks.
    /// <value>The default value is <c>*</c>.</value>
    /// </summary>
    [ConfigurationKeyName("flat_networks")]
    public IList<string>? FlatNetworks { get; set; }
}
