using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ml2.Exceptions;

namespace Ml2.Ipam;

/// <summary>
/// Strict parsing and canonical formatting of IPv4/IPv6 addresses, following neutron-lib's <c>validate_ip_address</c>:
/// <list type="bullet">
/// <item>IPv4 addresses must be dotted quads; leading zeros are refused with "'010.0.0.1' is not an accepted IP
/// address, '10.0.0.1' is recommended"; anything else unparsable is "'x' is not a valid IP address".</item>
/// <item>IPv6 addresses may be in any RFC 4291 text form; they are canonicalised (lower case, RFC 5952 compression).
/// Zone ids (<c>%eth0</c>) and brackets are refused.</item>
/// </list>
/// </summary>
internal static class IpAddressText
{
    /// <summary>The longest address or CIDR text looked at.</summary>
    internal const int MaxTextLength = 100;

    /// <summary>The canonical text of an address: dotted quad, or lower-case compressed IPv6 without zone id.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The text.</returns>
    public static string Format(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Format(IpAddressMath.ToUInt128(address), IpAddressMath.VersionOf(address));
    }

    /// <summary>The canonical text of an address value.</summary>
    /// <param name="value">The value.</param>
    /// <param name="version">4 or 6.</param>
    /// <returns>The text.</returns>
    public static string Format(UInt128 value, int version)
    {
        if (version == 4)
        {
            var v = (uint)value;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{(v >> 24) & 0xff}.{(v >> 16) & 0xff}.{(v >> 8) & 0xff}.{v & 0xff}");
        }

        return FormatIpv6(value);
    }

    /// <summary>Parses an address strictly (see the class remarks).</summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The address, without zone id.</param>
    /// <param name="error">Neutron's wording of what is wrong.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParseAddress(
        string? text,
        [NotNullWhen(true)] out IPAddress? address,
        [NotNullWhen(false)] out string? error)
    {
        address = null;
        error = null;
        var shown = ErrorText.Quote(text);
        if (string.IsNullOrEmpty(text) || text.Length > MaxTextLength || HasWhitespace(text))
        {
            error = $"'{shown}' is not a valid IP address";
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.AsSpan().IndexOfAny("%[]/") >= 0
                || !IPAddress.TryParse(text, out var v6)
                || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{shown}' is not a valid IP address";
                return false;
            }

            address = v6.ScopeId == 0 ? v6 : new IPAddress(v6.GetAddressBytes());
            return true;
        }

        if (!TryParseDottedQuad(text, out var value))
        {
            error = $"'{shown}' is not a valid IP address";
            return false;
        }

        var canonical = Format(value, 4);
        if (!string.Equals(canonical, text, StringComparison.Ordinal))
        {
            error = $"'{text}' is not an accepted IP address, '{canonical}' is recommended";
            return false;
        }

        address = IpAddressMath.FromUInt128(value, 4);
        return true;
    }

    /// <summary>Parses an address strictly or throws <see cref="InvalidInputException"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="field">The Neutron attribute name to report, e.g. <c>ip_address</c>.</param>
    /// <returns>The address.</returns>
    public static IPAddress ParseAddress(string? text, string field)
    {
        if (!TryParseAddress(text, out var address, out var error))
        {
            throw InvalidInputException.Attribute(field, text, error);
        }

        return address;
    }

    /// <summary>Parses the address part of a CIDR: like <see cref="TryParseAddress"/> but leading zeros are tolerated.</summary>
    internal static bool TryParseLenient(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        if (TryParseAddress(text, out address, out _))
        {
            return true;
        }

        if (!text.Contains(':', StringComparison.Ordinal) && TryParseDottedQuad(text, out var value))
        {
            address = IpAddressMath.FromUInt128(value, 4);
            return true;
        }

        return false;
    }

    /// <summary>Parses an IPv4 dotted quad allowing leading zeros in octets (which are decimal, never octal).</summary>
    private static bool TryParseDottedQuad(string text, out UInt128 value)
    {
        value = 0;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        uint result = 0;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 8 || !part.All(char.IsAsciiDigit))
            {
                return false;
            }

            var octet = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
            if (octet > 255)
            {
                return false;
            }

            result = (result << 8) | (uint)octet;
        }

        value = result;
        return true;
    }

    /// <summary>
    /// RFC 5952 text: lower-case hex without leading zeros, the longest run (first on a tie) of two or more zero groups
    /// written as <c>::</c>, dotted quad only for IPv4-mapped addresses (<c>::ffff:a.b.c.d</c>). The BCL would also
    /// write the deprecated IPv4-compatible form (<c>::10.0.0.1</c>).
    /// </summary>
    private static string FormatIpv6(UInt128 value)
    {
        Span<ushort> groups = stackalloc ushort[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = (ushort)(value >> (16 * (7 - i)));
        }

        if (value >> 32 == 0xFFFF)
        {
            return "::ffff:" + Format(value & uint.MaxValue, 4);
        }

        int bestStart = -1, bestLength = 0;
        for (var i = 0; i < 8;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < 8 && groups[i] == 0)
            {
                i++;
            }

            if (i - start > bestLength)
            {
                (bestStart, bestLength) = (start, i - start);
            }
        }

        if (bestLength < 2)
        {
            bestStart = -1;
        }

        var builder = new System.Text.StringBuilder(39);
        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                builder.Append("::");
                i += bestLength - 1;
                continue;
            }

            if (builder.Length > 0 && builder[^1] != ':')
            {
                builder.Append(':');
            }

            builder.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <summary>Whether the text has white space or control characters.</summary>
    internal static bool HasWhitespace(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
