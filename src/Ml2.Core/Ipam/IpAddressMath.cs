using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Ml2.Ipam;

/// <summary>
/// Integer arithmetic on IPv4/IPv6 addresses: an address is a <see cref="UInt128"/> (IPv4 in the low 32 bits) plus its
/// version. Parsing and canonical text are <see cref="IpAddressText"/>'s; CIDR text is <see cref="IpCidrParser"/>'s.
/// </summary>
internal static class IpAddressMath
{
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
}
