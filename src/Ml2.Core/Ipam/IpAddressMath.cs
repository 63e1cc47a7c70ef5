using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ml2.Exceptions;

namespace Ml2.Ipam;

/// <summary>
/// Strict parsing, canonical formatting and integer arithmetic for IPv4/IPv6 addresses and CIDRs, following
/// neutron-lib's <c>validate_ip_address</c> / <c>validate_subnet</c> and Neutron's CIDR normalisation:
/// <list type="bullet">
/// <item>IPv4 addresses must be dotted quads; leading zeros are refused with "'010.0.0.1' is not an accepted IP
/// address, '10.0.0.1' is recommended"; anything else unparsable is "'x' is not a valid IP address".</item>
/// <item>IPv6 addresses may be in any RFC 4291 text form; they are canonicalised (lower case, RFC 5952 compression).
/// Zone ids (<c>%eth0</c>) and brackets are refused.</item>
/// <item>A CIDR needs a <c>/prefix</c>; host bits are accepted and cleared (Neutron's <c>create_subnet</c> turns
/// <c>10.0.0.1/24</c> into <c>10.0.0.0/24</c>). An IPv4 CIDR not written canonically (e.g. <c>/024</c>) gets
/// "'x' isn't a recognized IP subnet cidr, 'y' is recommended".</item>
/// </list>
/// </summary>
internal static class IpAddressMath
{
    private const int MaxTextLength = 100;

    /// <summary>The number of address bits of an IP version.</summary>
    /// <param name="version">4 or 6.</param>
    /// <returns>32 or 128.</returns>
    public static int BitsOf(int version) => version == 4 ? 32 : 128;

    /// <summary>The IP version of an address.</summary>
    /// <param name="address">The address.</param>
    /// <returns>4 or 6.</returns>
    public static int VersionOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetwork ? 4 : 6;
    }

    /// <summary>A value with the low <paramref name="bits"/> bits set.</summary>
    /// <param name="bits">0..128.</param>
    /// <returns>The mask.</returns>
    public static UInt128 LowMask(int bits) => bits switch
    {
        <= 0 => UInt128.Zero,
        >= 128 => UInt128.MaxValue,
        _ => (UInt128.One << bits) - UInt128.One,
    };

    /// <summary>The address as an integer (IPv4 in the low 32 bits).</summary>
    /// <param name="address">An IPv4 or IPv6 address.</param>
    /// <returns>The value.</returns>
    public static UInt128 ToUInt128(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            throw new ArgumentException("The address could not be converted.", nameof(address));
        }

        return written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes[..4])
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>The address of an integer value.</summary>
    /// <param name="value">The value (IPv4 in the low 32 bits).</param>
    /// <param name="version">4 or 6.</param>
    /// <returns>The address.</returns>
    public static IPAddress FromUInt128(UInt128 value, int version)
    {
        if (version == 4)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, (UInt128)uint.MaxValue);
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)value);
            return new IPAddress(v4);
        }

        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(v6, value);
        return new IPAddress(v6);
    }

    /// <summary>The canonical text of an address: dotted quad, or lower-case compressed IPv6 without zone id.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The text.</returns>
    public static string Format(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Format(ToUInt128(address), VersionOf(address));
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

        address = FromUInt128(value, 4);
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

    /// <summary>Parses an address and returns its canonical text, or throws <see cref="InvalidInputException"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="field">The Neutron attribute name to report.</param>
    /// <returns>The canonical text.</returns>
    public static string Canonicalize(string? text, string field) => Format(ParseAddress(text, field));

    /// <summary>Parses a CIDR (see the class remarks); host bits are cleared.</summary>
    /// <param name="text">The text, e.g. <c>10.0.0.0/24</c>.</param>
    /// <param name="cidr">The canonical CIDR.</param>
    /// <param name="error">Neutron's wording of what is wrong.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParseCidr(string? text, out IpCidr cidr, [NotNullWhen(false)] out string? error)
    {
        cidr = default;
        error = null;
        var shown = ErrorText.Quote(text);
        if (string.IsNullOrEmpty(text) || text.Length > MaxTextLength || HasWhitespace(text))
        {
            error = $"'{shown}' is not a valid IP subnet";
            return false;
        }

        var slash = text.LastIndexOf('/');
        if (slash < 0)
        {
            if (TryParseLenient(text, out var bare))
            {
                var max = BitsOf(VersionOf(bare));
                error = $"'{text}' isn't a recognized IP subnet cidr, '{Format(bare)}/{max.ToString(CultureInfo.InvariantCulture)}' is recommended";
            }
            else
            {
                error = $"'{text}' is not a valid IP subnet";
            }

            return false;
        }

        var addressText = text[..slash];
        var prefixText = text[(slash + 1)..];
        if (!TryParseLenient(addressText, out var address)
            || prefixText.Length is 0 or > 3
            || !prefixText.All(char.IsAsciiDigit))
        {
            error = $"'{text}' is not a valid IP subnet";
            return false;
        }

        var version = VersionOf(address);
        var prefix = int.Parse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture);
        if (prefix > BitsOf(version))
        {
            error = $"'{text}' is not a valid IP subnet";
            return false;
        }

        cidr = IpCidr.Of(address, prefix);
        if (version == 4)
        {
            // neutron-lib compares str(IPNetwork(data)) with the input for IPv4 (host bits are kept by netaddr's str).
            var written = $"{Format(address)}/{prefix.ToString(CultureInfo.InvariantCulture)}";
            if (!string.Equals(written, text, StringComparison.Ordinal))
            {
                error = $"'{text}' isn't a recognized IP subnet cidr, '{cidr}' is recommended";
                cidr = default;
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// neutron-lib's <c>convert_cidr_to_canonical_format</c> then <c>validate_subnet</c>, as Neutron's API layer runs
    /// them on a subnet's <c>cidr</c>: a bare address is taken as a host route (/32, /128) and leading zeros of IPv4
    /// octets and prefixes are read as decimal, as the converter does; text that is not a CIDR at all is the
    /// converter's InvalidInput "{value} is not in a CIDR format". (Stricter than the converter: whitespace, netmask
    /// notation and abbreviated IPv4 addresses such as <c>10/8</c> are refused the same way.)
    /// </summary>
    /// <param name="text">The requested CIDR.</param>
    /// <param name="field">The attribute name (<c>cidr</c>).</param>
    /// <returns>The canonical CIDR, host bits cleared.</returns>
    public static IpCidr ConvertCidr(string? text, string field)
    {
        var slash = text?.LastIndexOf('/') ?? -1;
        var addressText = slash < 0 ? text : text![..slash];
        var prefixText = slash < 0 ? null : text![(slash + 1)..];
        if (string.IsNullOrEmpty(addressText)
            || addressText.Length > MaxTextLength
            || HasWhitespace(addressText)
            || !TryParseLenient(addressText, out var address)
            || (prefixText is not null && (prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit))))
        {
            throw new InvalidInputException(field, text, $"{ErrorText.Quote(text)} is not in a CIDR format");
        }

        var bits = BitsOf(VersionOf(address));
        var prefix = prefixText is null ? bits : int.Parse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture);
        if (prefix > bits)
        {
            throw new InvalidInputException(field, text, $"{ErrorText.Quote(text)} is not in a CIDR format");
        }

        return IpCidr.Of(address, prefix);
    }

    /// <summary>Parses a CIDR or throws <see cref="InvalidInputException"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="field">The Neutron attribute name to report (normally <c>cidr</c>).</param>
    /// <returns>The canonical CIDR.</returns>
    public static IpCidr ParseCidr(string? text, string field)
    {
        if (!TryParseCidr(text, out var cidr, out var error))
        {
            throw InvalidInputException.Attribute(field, text, error);
        }

        return cidr;
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

    /// <summary>Parses the address part of a CIDR: like <see cref="TryParseAddress"/> but leading zeros are tolerated.</summary>
    private static bool TryParseLenient(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        if (TryParseAddress(text, out address, out _))
        {
            return true;
        }

        if (!text.Contains(':', StringComparison.Ordinal) && TryParseDottedQuad(text, out var value))
        {
            address = FromUInt128(value, 4);
            return true;
        }

        return false;
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

    private static bool HasWhitespace(string text)
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
