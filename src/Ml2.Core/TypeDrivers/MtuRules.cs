using System.Globalization;
using Ml2.Configuration;

namespace Ml2.TypeDrivers;

/// <summary>Neutron's type-driver MTU rules and the <c>physical_network_mtus</c> option.</summary>
internal static class MtuRules
{
    /// <summary>VXLAN encapsulation overhead (bytes) on top of the outer IP header.</summary>
    public const int VxlanEncapOverhead = 30;

    /// <summary>GRE encapsulation overhead (bytes) on top of the outer IP header.</summary>
    public const int GreEncapOverhead = 22;

    /// <summary>
    /// Parses <c>physnet:mtu</c> entries (Neutron's mapping rules: exactly one colon, non-empty key and value, unique
    /// keys; the MTU must be a positive integer).
    /// </summary>
    /// <param name="entries">The configured entries; may be comma-separated.</param>
    /// <returns>MTU per physical network, and the errors.</returns>
    public static ConfigParseResult<IReadOnlyDictionary<string, int>> ParsePhysicalNetworkMtus(IEnumerable<string>? entries)
    {
        var mtus = new Dictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<ConfigEntryError>();
        foreach (var entry in ConfigList.Split(entries))
        {
            var parts = entry.Split(':');
            if (parts.Length != 2)
            {
                errors.Add(new ConfigEntryError(entry, $"Invalid mapping: '{entry}'"));
                continue;
            }

            var key = parts[0].Trim();
            var value = parts[1].Trim();
            if (key.Length == 0)
            {
                errors.Add(new ConfigEntryError(entry, $"Missing key in mapping: '{entry}'"));
            }
            else if (value.Length == 0)
            {
                errors.Add(new ConfigEntryError(entry, $"Missing value in mapping: '{entry}'"));
            }
            else if (mtus.ContainsKey(key))
            {
                errors.Add(new ConfigEntryError(entry, $"Key {key} in mapping: '{entry}' not unique"));
            }
            else if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var mtu) || mtu <= 0)
            {
                errors.Add(new ConfigEntryError(entry, $"MTU {value} in mapping: '{entry}' is not a positive integer"));
            }
            else
            {
                mtus[key] = mtu;
            }
        }

        return new ConfigParseResult<IReadOnlyDictionary<string, int>>(mtus, errors);
    }

    /// <summary>
    /// Flat and VLAN: the smaller of <c>global_physnet_mtu</c> (when positive) and the physical network's
    /// <c>physical_network_mtus</c> entry (when present); 0 when neither applies.
    /// </summary>
    /// <param name="globalPhysnetMtu">global_physnet_mtu.</param>
    /// <param name="physicalNetworkMtus">Parsed physical_network_mtus.</param>
    /// <param name="physicalNetwork">The segment's physical network, or null.</param>
    /// <returns>The MTU, or 0.</returns>
    public static int PhysicalNetworkMtu(int globalPhysnetMtu, IReadOnlyDictionary<string, int> physicalNetworkMtus, string? physicalNetwork)
    {
        ArgumentNullException.ThrowIfNull(physicalNetworkMtus);
        var mtu = globalPhysnetMtu > 0 ? globalPhysnetMtu : int.MaxValue;
        if (physicalNetwork is not null && physicalNetworkMtus.TryGetValue(physicalNetwork, out var physnetMtu))
        {
            mtu = Math.Min(mtu, physnetMtu);
        }

        return mtu == int.MaxValue ? 0 : mtu;
    }

    /// <summary>
    /// Tunnels: the smaller of <c>global_physnet_mtu</c> and <c>path_mtu</c> (each when positive), minus the outer IP
    /// header (20 bytes for <c>overlay_ip_version</c> 4, 40 for 6) and the encapsulation overhead; 0 when both are 0
    /// (or when the headers would not fit).
    /// </summary>
    /// <param name="globalPhysnetMtu">global_physnet_mtu.</param>
    /// <param name="pathMtu">path_mtu.</param>
    /// <param name="overlayIpVersion">overlay_ip_version (4 or 6).</param>
    /// <param name="encapOverhead">The tunnel type's encapsulation overhead.</param>
    /// <returns>The MTU, or 0.</returns>
    public static int TunnelMtu(int globalPhysnetMtu, int pathMtu, int overlayIpVersion, int encapOverhead)
    {
        var mtu = int.MaxValue;
        if (globalPhysnetMtu > 0)
        {
            mtu = globalPhysnetMtu;
        }

        if (pathMtu > 0)
        {
            mtu = Math.Min(mtu, pathMtu);
        }

        if (mtu == int.MaxValue)
        {
            return 0;
        }

        // Clamped: a path too small for the headers leaves no usable MTU (Neutron would report a negative one).
        return Math.Max(0, mtu - IpHeaderLength(overlayIpVersion) - encapOverhead);
    }

    /// <summary>The outer IP header length for an overlay IP version: 40 for IPv6, otherwise 20.</summary>
    /// <param name="ipVersion">4 or 6.</param>
    /// <returns>The header length in bytes.</returns>
    public static int IpHeaderLength(int ipVersion) => ipVersion == 6 ? 40 : 20;
}
