using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Ml2.Exceptions;

namespace Ml2.Ipam;

/// <summary>
/// Strict parsing of IPv4/IPv6 CIDRs, following neutron-lib's <c>validate_subnet</c> and
/// <c>convert_cidr_to_canonical_format</c>: a CIDR needs a <c>/prefix</c>; host bits are accepted and cleared (Neutron's
/// <c>create_subnet</c> turns <c>10.0.0.1/24</c> into <c>10.0.0.0/24</c>). An IPv4 CIDR not written canonically (e.g.
/// <c>/024</c>) gets "'x' isn't a recognized IP subnet cidr, 'y' is recommended".
/// </summary>
internal static class IpCidrParser
{
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
        if (string.IsNullOrEmpty(text) || text.Length > IpAddressText.MaxTextLength || IpAddressText.HasWhitespace(text))
        {
            error = $"'{shown}' is not a valid IP subnet";
            return false;
        }

        var slash = text.LastIndexOf('/');
        if (slash < 0)
        {
            if (IpAddressText.TryParseLenient(text, out var bare))
            {
                var max = IpAddressMath.BitsOf(IpAddressMath.VersionOf(bare));
                error = $"'{text}' isn't a recognized IP subnet cidr, '{IpAddressText.Format(bare)}/{max.ToString(CultureInfo.InvariantCulture)}' is recommended";
            }
            else
            {
                error = $"'{text}' is not a valid IP subnet";
            }

            return false;
        }

        var addressText = text[..slash];
        var prefixText = text[(slash + 1)..];
        if (!IpAddressText.TryParseLenient(addressText, out var address)
            || prefixText.Length is 0 or > 3
            || !prefixText.All(char.IsAsciiDigit))
        {
            error = $"'{text}' is not a valid IP subnet";
            return false;
        }

        var version = IpAddressMath.VersionOf(address);
        var prefix = int.Parse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture);
        if (prefix > IpAddressMath.BitsOf(version))
        {
            error = $"'{text}' is not a valid IP subnet";
            return false;
        }

        cidr = IpCidr.Of(address, prefix);
        if (version == 4)
        {
            // neutron-lib compares str(IPNetwork(data)) with the input for IPv4 (host bits are kept by netaddr's str).
            var written = $"{IpAddressText.Format(address)}/{prefix.ToString(CultureInfo.InvariantCulture)}";
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
            || addressText.Length > IpAddressText.MaxTextLength
            || IpAddressText.HasWhitespace(addressText)
            || !IpAddressText.TryParseLenient(addressText, out var address)
            || (prefixText is not null && (prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit))))
        {
            throw new InvalidInputException(field, text, $"{ErrorText.Quote(text)} is not in a CIDR format");
        }

        var bits = IpAddressMath.BitsOf(IpAddressMath.VersionOf(address));
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
}
