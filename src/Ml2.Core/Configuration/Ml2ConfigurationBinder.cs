using Microsoft.Extensions.Configuration;

namespace Ml2.Configuration;

/// <summary>
/// Binds <see cref="Ml2Options"/> from configuration. On top of the standard binder, every list option accepts a
/// comma-separated string (<c>tenant_network_types = vlan,vxlan</c>, as in ml2_conf.ini or an environment variable)
/// and replaces, rather than appends to, the current list, so binding the same section twice is harmless.
/// </summary>
internal static class Ml2ConfigurationBinder
{
    private static readonly (string Key, Action<Ml2Options, List<string>> Set)[] s_lists =
    [
        ("type_drivers", (o, v) => o.TypeDrivers = v),
        ("tenant_network_types", (o, v) => o.TenantNetworkTypes = v),
        ("mechanism_drivers", (o, v) => o.MechanismDrivers = v),
        ("extension_drivers", (o, v) => o.ExtensionDrivers = v),
        ("physical_network_mtus", (o, v) => o.PhysicalNetworkMtus = v),
        ("ml2_type_flat:flat_networks", (o, v) => o.Flat.FlatNetworks = v),
        ("ml2_type_vlan:network_vlan_ranges", (o, v) => o.Vlan.NetworkVlanRanges = v),
        ("ml2_type_vxlan:vni_ranges", (o, v) => o.Vxlan.VniRanges = v),
        ("ml2_type_gre:tunnel_id_ranges", (o, v) => o.Gre.TunnelIdRanges = v),
        ("ml2_type_geneve:vni_ranges", (o, v) => o.Geneve.VniRanges = v),
    ];

    public static void Bind(IConfiguration configuration, Ml2Options options)
    {
        configuration.Bind(options);
        foreach (var (key, set) in s_lists)
        {
            var section = configuration.GetSection(key);
            if (!section.Exists() && section.Value is null)
            {
                continue;
            }

            var values = section.Value is { } scalar
                ? [.. ConfigList.Split([scalar])]
                : section.GetChildren().Select(c => c.Value).OfType<string>().SelectMany(v => ConfigList.Split([v])).ToList();
            set(options, values);
        }
    }
}
