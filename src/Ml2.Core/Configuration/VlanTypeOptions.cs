using Microsoft.Extensions.Configuration;

namespace Ml2.Configuration;

/// <summary>Options of the VLAN type driver (<c>[ml2_type_vlan]</c>).</summary>
public sealed class VlanTypeOptions
{
    /// <summary>
    /// <c>physnet:min:max</c> ranges available for tenant networks, or a bare <c>physnet</c> (VLANs 1-4094 on it);
    /// physical networks in this list may also be used for provider networks (<c>network_vlan_ranges</c>).
    /// </summary>
    [ConfigurationKeyName("network_vlan_ranges")]
    public IList<string> NetworkVlanRanges { get; set; } = [];
}
