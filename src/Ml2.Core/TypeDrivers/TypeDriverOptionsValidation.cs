using System.Globalization;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Model;

namespace Ml2.TypeDrivers;

/// <summary>
/// Validates the options the built-in type drivers read, for the enabled type drivers only (as Neutron, which never
/// parses a disabled driver's options). Each message starts with the configuration key and names the bad entry.
/// </summary>
/// <remarks>
/// Covers <c>ml2_type_vlan:network_vlan_ranges</c>, <c>ml2_type_vxlan:vni_ranges</c>, <c>ml2_type_gre:tunnel_id_ranges</c>,
/// <c>ml2_type_geneve:vni_ranges</c>, <c>ml2_type_geneve:max_header_size</c> and <c>ml2:physical_network_mtus</c>
/// (when flat or vlan is enabled). <c>global_physnet_mtu</c>, <c>path_mtu</c> and <c>overlay_ip_version</c> are
/// checked by the general options validator.
/// </remarks>
internal static class TypeDriverOptionsValidation
{
    public const string NetworkVlanRangesKey = "ml2_type_vlan:network_vlan_ranges";
    public const string VxlanVniRangesKey = "ml2_type_vxlan:vni_ranges";
    public const string GreTunnelIdRangesKey = "ml2_type_gre:tunnel_id_ranges";
    public const string GeneveVniRangesKey = "ml2_type_geneve:vni_ranges";
    public const string GeneveMaxHeaderSizeKey = "ml2_type_geneve:max_header_size";
    public const string PhysicalNetworkMtusKey = "ml2:physical_network_mtus";

    /// <summary>Every problem in the type-driver options of the enabled type drivers.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The error messages; empty when valid.</returns>
    public static IReadOnlyList<string> Validate(Ml2Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var enabled = new HashSet<string>(options.EffectiveTypeDrivers(), StringComparer.Ordinal);
        var errors = new List<string>();

        if (enabled.Contains(NetworkTypes.Vlan))
        {
            Add(errors, NetworkVlanRangesKey, SegmentRangeParser.ParseNetworkVlanRanges(options.Vlan?.NetworkVlanRanges).Errors);
        }

        if (enabled.Contains(NetworkTypes.Vxlan))
        {
            Add(errors, VxlanVniRangesKey, SegmentRangeParser.ParseTunnelRanges(options.Vxlan?.VniRanges, NetworkTypes.Vxlan).Errors);
        }

        if (enabled.Contains(NetworkTypes.Gre))
        {
            Add(errors, GreTunnelIdRangesKey, SegmentRangeParser.ParseTunnelRanges(options.Gre?.TunnelIdRanges, NetworkTypes.Gre).Errors);
        }

        if (enabled.Contains(NetworkTypes.Geneve))
        {
            Add(errors, GeneveVniRangesKey, SegmentRangeParser.ParseTunnelRanges(options.Geneve?.VniRanges, NetworkTypes.Geneve).Errors);
            if (options.Geneve is { MaxHeaderSize: < 0 } geneve)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{GeneveMaxHeaderSizeKey}: '{geneve.MaxHeaderSize}' must not be negative."));
            }
        }

        if (enabled.Contains(NetworkTypes.Vlan) || enabled.Contains(NetworkTypes.Flat))
        {
            Add(errors, PhysicalNetworkMtusKey, MtuRules.ParsePhysicalNetworkMtus(options.PhysicalNetworkMtus).Errors);
        }

        return errors;
    }

    /// <summary>Formats one entry error as <c>{key}: {message}</c>.</summary>
    /// <param name="key">The configuration key (<c>section:name</c>).</param>
    /// <param name="error">The error.</param>
    /// <returns>The message.</returns>
    public static string Format(string key, ConfigEntryError error) => $"{key}: {error}";

    /// <summary>The value of a parse result, or an <see cref="OptionsValidationException"/> listing its errors.</summary>
    /// <typeparam name="T">The parsed value.</typeparam>
    /// <param name="key">The configuration key.</param>
    /// <param name="result">The parse result.</param>
    /// <returns>The value.</returns>
    /// <exception cref="OptionsValidationException">The option has errors.</exception>
    public static T ValueOrThrow<T>(string key, ConfigParseResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.IsValid)
        {
            return result.Value;
        }

        throw new OptionsValidationException(
            Options.DefaultName, typeof(Ml2Options), result.Errors.Select(e => Format(key, e)).ToList());
    }

    private static void Add(List<string> errors, string key, IReadOnlyList<ConfigEntryError> entryErrors)
    {
        foreach (var error in entryErrors)
        {
            errors.Add(Format(key, error));
        }
    }
}
