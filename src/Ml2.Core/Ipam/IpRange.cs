using Ml2.Model;

namespace Ml2.Ipam;

/// <summary>An inclusive range of addresses of one IP version, as integers.</summary>
/// <param name="Version">4 or 6.</param>
/// <param name="First">The first address.</param>
/// <param name="Last">The last address.</param>
internal readonly record struct IpRange(int Version, UInt128 First, UInt128 Last)
{
    /// <summary>Whether <paramref name="value"/> lies in the range.</summary>
    /// <param name="value">An address value.</param>
    /// <returns>True when inside.</returns>
    public bool Contains(UInt128 value) => value >= First && value <= Last;

    /// <summary>Whether the ranges share an address.</summary>
    /// <param name="other">Another range.</param>
    /// <returns>True when they overlap.</returns>
    public bool Overlaps(IpRange other) => other.Version == Version && First <= other.Last && other.First <= Last;

    /// <summary>Converts to the model's pool with canonical address text.</summary>
    /// <returns>The pool.</returns>
    public AllocationPool ToPool() => new(IpAddressText.Format(First, Version), IpAddressText.Format(Last, Version));

    /// <summary>Neutron's (netaddr's) text of a range: <c>start-end</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{IpAddressText.Format(First, Version)}-{IpAddressText.Format(Last, Version)}";
}
