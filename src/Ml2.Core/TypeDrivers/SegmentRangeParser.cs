using System.Globalization;
using Ml2.Configuration;
using Ml2.Pools;
using Ml2.Storage;

namespace Ml2.TypeDrivers;

/// <summary>
/// Parses <c>network_vlan_ranges</c> and tunnel id ranges (<c>vni_ranges</c>, <c>tunnel_id_ranges</c>) with Neutron's
/// rules and error wording. Entries may themselves be comma-separated. Every bad entry is reported; the good ones
/// still make up the result.
/// </summary>
internal static class SegmentRangeParser
{
    /// <summary>
    /// Parses <c>physnet:min:max</c> and bare <c>physnet</c> entries. A bare physnet means VLANs 1..4094 and overrides
    /// every other range of that physnet. Physical networks keep the order of their first appearance.
    /// </summary>
    /// <param name="entries">The configured entries.</param>
    /// <returns>The ranges per physical network, and the errors.</returns>
    public static ConfigParseResult<IReadOnlyList<PhysicalNetworkRanges>> ParseNetworkVlanRanges(IEnumerable<string>? entries)
    {
        var order = new List<string>();
        var ranges = new Dictionary<string, List<IdRange>?>(StringComparer.Ordinal); // null = whole range (bare physnet)
        var errors = new List<ConfigEntryError>();

        foreach (var entry in ConfigList.Split(entries))
        {
            if (!TryParseVlanEntry(entry, out var physnet, out var range, out var error))
            {
                errors.Add(new ConfigEntryError(entry, error));
                continue;
            }

            if (!ranges.TryGetValue(physnet, out var list))
            {
                order.Add(physnet);
                ranges[physnet] = range is null ? null : [range.Value];
            }
            else if (range is null)
            {
                ranges[physnet] = null;
            }
            else
            {
                list?.Add(range.Value);
            }
        }

        var result = new List<PhysicalNetworkRanges>(order.Count);
        foreach (var physnet in order)
        {
            var list = ranges[physnet];
            result.Add(new PhysicalNetworkRanges(
                physnet,
                list is null ? [new IdRange(SegmentIdLimits.MinVlanTag, SegmentIdLimits.MaxVlanTag)] : IdRanges.Normalize(list)));
        }

        return new ConfigParseResult<IReadOnlyList<PhysicalNetworkRanges>>(result, errors);
    }

    /// <summary>Parses <c>min:max</c> tunnel id entries for a tunnel type (limits per <see cref="SegmentIdLimits.ForTunnel"/>).</summary>
    /// <param name="entries">The configured entries.</param>
    /// <param name="tunnelType">vxlan, gre or geneve (used in messages and for the limits).</param>
    /// <returns>The normalised ranges, and the errors.</returns>
    public static ConfigParseResult<IReadOnlyList<IdRange>> ParseTunnelRanges(IEnumerable<string>? entries, string tunnelType)
    {
        var (min, max) = SegmentIdLimits.ForTunnel(tunnelType);
        var ranges = new List<IdRange>();
        var errors = new List<ConfigEntryError>();

        foreach (var entry in ConfigList.Split(entries))
        {
            var error = ParseTunnelEntry(entry, tunnelType, min, max, out var range);
            if (error is null)
            {
                ranges.Add(range);
            }
            else
            {
                errors.Add(new ConfigEntryError(entry, error));
            }
        }

        return new ConfigParseResult<IReadOnlyList<IdRange>>(IdRanges.Normalize(ranges), errors);
    }

    private static bool TryParseVlanEntry(string entry, out string physnet, out IdRange? range, out string error)
    {
        physnet = entry;
        range = null;
        error = string.Empty;
        if (!entry.Contains(':', StringComparison.Ordinal))
        {
            return true;
        }

        var parts = entry.Split(':');
        if (parts.Length != 3)
        {
            error = VlanRangeError(entry, "Need exactly two values for VLAN range");
            return false;
        }

        physnet = parts[0].Trim();
        if (physnet.Length == 0)
        {
            error = "Empty physical network name.";
            return false;
        }

        if (!TryParseId(parts[1], out var first))
        {
            error = VlanRangeError(entry, $"{parts[1].Trim()} is not a valid VLAN tag");
            return false;
        }

        if (!TryParseId(parts[2], out var last))
        {
            error = VlanRangeError(entry, $"{parts[2].Trim()} is not a valid VLAN tag");
            return false;
        }

        var shown = Invariant($"{first}:{last}");
        foreach (var tag in (ReadOnlySpan<long>)[first, last])
        {
            if (tag is < SegmentIdLimits.MinVlanTag or > SegmentIdLimits.MaxVlanTag)
            {
                error = VlanRangeError(shown, Invariant($"{tag} is not a valid VLAN tag"));
                return false;
            }
        }

        if (last < first)
        {
            error = VlanRangeError(shown, "End of VLAN range is less than start of VLAN range");
            return false;
        }

        range = new IdRange(first, last);
        return true;
    }

    private static string? ParseTunnelEntry(string entry, string tunnelType, long min, long max, out IdRange range)
    {
        range = default;
        var parts = entry.Split(':');
        if (parts.Length != 2)
        {
            return TunnelRangeError(entry, "Need exactly two values for tunnel range");
        }

        if (!TryParseId(parts[0], out var first))
        {
            return TunnelRangeError(entry, $"{parts[0].Trim()} is not a valid {tunnelType} identifier");
        }

        if (!TryParseId(parts[1], out var last))
        {
            return TunnelRangeError(entry, $"{parts[1].Trim()} is not a valid {tunnelType} identifier");
        }

        var shown = Invariant($"{first}:{last}");
        foreach (var id in (ReadOnlySpan<long>)[first, last])
        {
            if (id < min || id > max)
            {
                return TunnelRangeError(shown, Invariant($"{id} is not a valid {tunnelType} identifier"));
            }
        }

        if (last < first)
        {
            return TunnelRangeError(shown, "End of tunnel range is less than start of tunnel range");
        }

        range = new IdRange(first, last);
        return null;
    }

    // Neutron's NetworkVlanRangeError wording (the error is quoted).
    private static string VlanRangeError(string range, string error) => $"Invalid network VLAN range: '{range}' - '{error}'.";

    // Neutron's NetworkTunnelRangeError wording (the error is not quoted).
    private static string TunnelRangeError(string range, string error) => $"Invalid network tunnel range: '{range}' - {error}.";

    private static bool TryParseId(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign,
            CultureInfo.InvariantCulture, out value);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
