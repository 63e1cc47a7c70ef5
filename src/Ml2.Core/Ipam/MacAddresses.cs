using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Ml2.Ipam;

/// <summary>
/// MAC address parsing and formatting. Accepted forms (case-insensitive, like netaddr's <c>valid_mac</c>):
/// six groups of one or two hex digits separated by <c>:</c> or <c>-</c> (one separator throughout), three dotted
/// groups of four (<c>fa16.3e00.0001</c>), or twelve bare hex digits. The canonical form is lower case with colons.
/// A port MAC must be unicast and not all-zero: neutron-lib refuses 00:00:00:00:00:00 and ff:ff:ff:ff:ff:ff;
/// this SDK also refuses every multicast MAC (the I/G bit set), which no NIC can own.
/// </summary>
internal static class MacAddresses
{
    /// <summary>The largest 48-bit value.</summary>
    public const long MaxValue = (1L << 48) - 1;

    /// <summary>Parses any accepted form into the 48-bit value (no unicast check).</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns>True when the text is a MAC address.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out long value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 17)
        {
            return false;
        }

        string[] groups;
        int digitsPerGroup;
        if (text.Contains(':', StringComparison.Ordinal) || text.Contains('-', StringComparison.Ordinal))
        {
            var separator = text.Contains(':', StringComparison.Ordinal) ? ':' : '-';
            groups = text.Split(separator);
            digitsPerGroup = 2;
            if (groups.Length != 6 || groups.Any(g => g.Length is 0 or > 2))
            {
                return false;
            }
        }
        else if (text.Contains('.', StringComparison.Ordinal))
        {
            groups = text.Split('.');
            digitsPerGroup = 4;
            if (groups.Length != 3 || groups.Any(g => g.Length != 4))
            {
                return false;
            }
        }
        else
        {
            groups = [text];
            digitsPerGroup = 12;
            if (text.Length != 12)
            {
                return false;
            }
        }

        long result = 0;
        foreach (var group in groups)
        {
            if (!group.All(char.IsAsciiHexDigit))
            {
                return false;
            }

            result = (result << (4 * digitsPerGroup)) | long.Parse(group, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }

        value = result;
        return true;
    }

    /// <summary>Whether a MAC may be a port's address: unicast (I/G bit clear) and not all-zero.</summary>
    /// <param name="value">The 48-bit value.</param>
    /// <returns>True when usable.</returns>
    public static bool IsUsable(long value) => value is > 0 and <= MaxValue && !IsMulticast(value);

    /// <summary>Whether the I/G (group) bit of the first octet is set; true for broadcast too.</summary>
    /// <param name="value">The 48-bit value.</param>
    /// <returns>True for multicast.</returns>
    public static bool IsMulticast(long value) => ((value >> 40) & 1) == 1;

    /// <summary>Parses and validates a port MAC, or throws <see cref="Exceptions.InvalidInputException"/> (field <c>mac_address</c>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The 48-bit value.</returns>
    public static long Parse(string? text)
    {
        if (!TryParse(text, out var value) || !IsUsable(value))
        {
            throw IpamErrors.InvalidMac(text);
        }

        return value;
    }

    /// <summary>Validates a port MAC and returns its canonical form (lower case, colons).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The canonical MAC.</returns>
    public static string Normalize(string? text) => Format(Parse(text));

    /// <summary>Formats a 48-bit value as <c>xx:xx:xx:xx:xx:xx</c> in lower case.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Format(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxValue);
        return string.Create(17, value, static (span, v) =>
        {
            const string hex = "0123456789abcdef";
            for (var i = 0; i < 6; i++)
            {
                var octet = (int)((v >> (8 * (5 - i))) & 0xff);
                span[i * 3] = hex[octet >> 4];
                span[(i * 3) + 1] = hex[octet & 0xf];
                if (i < 5)
                {
                    span[(i * 3) + 2] = ':';
                }
            }
        });
    }
}
