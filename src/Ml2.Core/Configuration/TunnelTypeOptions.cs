using Microsoft.Extensions.Configuration;

namespace Ml2.Configuration;

/// <summary>Options of a tunnel type driver (<c>[ml2_type_vxlan]</c>, <c>[ml2_type_gre]</c>).</summary>
public class TunnelTypeOptions
{
    /// <summary><c>min:max</c> VNI ranges available for tenant networks (<c>vni_ranges</c>, VXLAN and Geneve).</summary>
    [ConfigurationKeyName("vni_ranges")]
    public IList<string> VniRanges { get; set; } = [];

    /// <summary><c>min:max</c> GRE key ranges available for tenant networks (<c>tunnel_id_ranges</c>, GRE).</summary>
    [ConfigurationKeyName("tunnel_id_ranges")]
    public IList<string> TunnelIdRanges { get; set; } = [];
}
