using System.Net;

namespace Ml2.Ipam;

/// <summary>
/// A parsed, canonical CIDR: the IP version, the network address as an integer and the prefix length.
/// Addresses are handled as <see cref="UInt128"/> values (IPv4 in the low 32 bits).
/// </summary>
/// <param name="Version">4 or 6.</param>
/// <param name="First">The network address (host bits cleared).</param>
/// <param name="PrefixLength">The prefix length (0..32 or 0..128).</param>
internal readonly record struct IpCidr(int Version, UInt128 First, int PrefixLength)
{
    /// <summary>The number of address bits: 32 or 128.</summary>
    public int Bits => IpAddressMath.BitsOf(Version);

    /// <summary>The number of host bits.</summary>
    public int HostBits => Bits - PrefixLength;

    /// <summary>The host part mask (all host bits set).</summary>
    public UInt128 HostMask => IpAddressMath.LowMask(HostBits);

    /// <summary>The last address (the IPv4 broadcast address).</summary>
    public UInt128 Last => First | HostMask;

    /// <summary>The network address.</summary>
    public IPAddress NetworkAddress => IpAddressMath.FromUInt128(First, Version);

    /// <summary>
    /// Whether the IPv4 network and broadcast addresses are special (not usable by hosts): true for IPv4 prefixes up to
    /// /30, false for /31 and /32 (RFC 3021 point-to-point and single-host subnets, where every address is usable).
    /// Always false for IPv6.
    /// </summary>
    public bool HasIpv4NetworkAndBroadcast => Version == 4 && PrefixLength <= 30;

    /// <summary>Creates the CIDR of <paramref name="address"/>/<paramref name="prefixLength"/>, clearing the host bits.</summary>
    /// <param name="address">Any address in the network.</param>
    /// <param name="prefixLength">The prefix length.</param>
    /// <returns>The canonical CIDR.</returns>
    public static IpCidr Of(IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        var version = IpAddressMath.VersionOf(address);
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, IpAddressMath.BitsOf(version));
        var value = IpAddressMath.ToUInt128(address);
        var hostMask = IpAddressMath.LowMask(IpAddressMath.BitsOf(version) - prefixLength);
        return new IpCidr(version, value & ~hostMask, prefixLength);
    }

    /// <summary>Parses a stored (already canonical) CIDR such as <see cref="Model.Subnet.Cidr"/>.</summary>
    /// <param name="cidr">The CIDR text.</param>
    /// <returns>The CIDR.</returns>
    /// <exception cref="Exceptions.InvalidInputException">The text is not a CIDR.</exception>
    public static IpCidr Parse(string cidr) => IpCidrParser.ParseCidr(cidr, "cidr");

    /// <summary>Whether <paramref name="value"/> lies in the network.</summary>
    /// <param name="value">An address value of the same IP version.</param>
    /// <returns>True when First &lt;= value &lt;= Last.</returns>
    public bool Contains(UInt128 value) => value >= First && value <= Last;

    /// <summary>Whether <paramref name="address"/> lies in the network (false for the other IP version).</summary>
    /// <param name="address">An address.</param>
    /// <returns>True when inside.</returns>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return IpAddressMath.VersionOf(address) == Version && Contains(IpAddressMath.ToUInt128(address));
    }

    /// <summary>Whether the two networks share at least one address.</summary>
    /// <param name="other">Another network.</param>
    /// <returns>True when they overlap (never across IP versions).</returns>
    public bool Overlaps(IpCidr other) => other.Version == Version && First <= other.Last && other.First <= Last;

    /// <summary>Converts to the BCL's <see cref="IPNetwork"/>.</summary>
    /// <returns>The network.</returns>
    public IPNetwork ToIPNetwork() => new(NetworkAddress, PrefixLength);

    /// <summary>Formats an address of this network's version canonically.</summary>
    /// <param name="value">The address value.</param>
    /// <returns>The canonical text.</returns>
    public string FormatAddress(UInt128 value) => IpAddressText.Format(value, Version);

    /// <summary>The canonical form, e.g. <c>10.0.0.0/24</c> or <c>2001:db8::/64</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{IpAddressText.Format(First, Version)}/{PrefixLength}";
}
