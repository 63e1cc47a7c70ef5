using System.Net;
using Ml2.Model;
using Ml2.Storage;

namespace Ml2.Ipam;

/// <summary>
/// Maps a subnet's addresses onto the integer ids of its <see cref="IIdPoolRepository"/> pool <c>ip:{subnetId}</c>.
/// <list type="bullet">
/// <item>IPv4: the id is the 32-bit address value itself.</item>
/// <item>IPv6: the id is the offset of the address from the subnet's network address, taken as an unsigned 64-bit
/// number and stored bit-for-bit in the long (offsets from 2^63 up become negative ids). Every address of a /64 or
/// smaller subnet therefore has its own id. In a subnet larger than /64 only the first 2^64 addresses can be
/// represented; asking for an address beyond them is refused.</item>
/// <item>The configured ranges (what random allocation draws from) are the allocation pools. An IPv6 subnet's ranges are
/// clamped to their first <see cref="MaxIpv6RangeAddresses"/> (2^24) addresses in total, in pool order. A pool store
/// sizes its bookkeeping by capacity (the in-memory <c>IdPool</c> costs about 12 bytes per 4,096 ids of capacity and
/// refuses more than ~2^43), so a /64's 2^64 addresses cannot be configured as such; 16.7 million candidates per
/// subnet is far more than ports on a network, and Neutron itself only ever draws from a window of the first 1,000 free
/// addresses of a pool. Addresses beyond the clamp are never handed out at random but may still be requested
/// explicitly - the store accepts ids outside the ranges. IPv4 ranges are never clamped.</item>
/// </list>
/// </summary>
internal static class IpPoolMapping
{
    /// <summary>The most addresses an IPv6 subnet's ranges cover (2^24); see the class remarks.</summary>
    public const long MaxIpv6RangeAddresses = 1L << 24;

    private static readonly UInt128 s_maxTrackableOffset = ulong.MaxValue;
    private static readonly UInt128 s_signBoundary = (UInt128)1 << 63;

    /// <summary>The pool name of a subnet: <c>ip:{subnetId}</c>.</summary>
    /// <param name="subnetId">The subnet id.</param>
    /// <returns>The pool name.</returns>
    public static string PoolName(string subnetId) => $"ip:{subnetId}";

    /// <summary>The id ranges of a subnet's allocation pools (see the class remarks for IPv6 clamping).</summary>
    /// <param name="subnet">The subnet.</param>
    /// <returns>The ranges, in pool order.</returns>
    public static IReadOnlyList<IdRange> RangesFor(Subnet subnet)
    {
        ArgumentNullException.ThrowIfNull(subnet);
        var cidr = IpCidr.Parse(subnet.Cidr);
        return RangesFor(cidr, SubnetRanges.PoolRanges(cidr, subnet.AllocationPools));
    }

    /// <summary>The id ranges of address ranges in a subnet.</summary>
    /// <param name="cidr">The subnet's CIDR.</param>
    /// <param name="pools">The address ranges (inside the CIDR).</param>
    /// <returns>The ranges.</returns>
    public static IReadOnlyList<IdRange> RangesFor(IpCidr cidr, IReadOnlyList<IpRange> pools)
    {
        ArgumentNullException.ThrowIfNull(pools);
        var result = new List<IdRange>(pools.Count);
        if (cidr.Version == 4)
        {
            foreach (var pool in pools)
            {
                result.Add(new IdRange((long)pool.First, (long)pool.Last));
            }

            return result;
        }

        UInt128 budget = (UInt128)MaxIpv6RangeAddresses;
        foreach (var pool in pools)
        {
            if (budget == UInt128.Zero)
            {
                break;
            }

            var first = pool.First - cidr.First;
            if (pool.First < cidr.First || first > s_maxTrackableOffset)
            {
                continue;
            }

            var last = UInt128.Min(pool.Last - cidr.First, s_maxTrackableOffset);
            last = UInt128.Min(last, first + budget - 1);
            budget -= last - first + 1;

            // Offsets below 2^63 map to non-negative ids, offsets from 2^63 to negative ids; split at the boundary so
            // every IdRange stays ascending.
            if (first < s_signBoundary)
            {
                result.Add(new IdRange(OffsetToId(first), OffsetToId(UInt128.Min(last, s_signBoundary - 1))));
            }

            if (last >= s_signBoundary)
            {
                result.Add(new IdRange(OffsetToId(UInt128.Max(first, s_signBoundary)), OffsetToId(last)));
            }
        }

        return result;
    }

    /// <summary>The id of an address of a subnet.</summary>
    /// <param name="subnet">The subnet.</param>
    /// <param name="address">An address inside the subnet.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ArgumentException">The address is not in the subnet.</exception>
    /// <exception cref="Exceptions.InvalidInputException">An IPv6 address beyond the first 2^64 of the subnet.</exception>
    public static long ToId(Subnet subnet, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(subnet);
        ArgumentNullException.ThrowIfNull(address);
        var cidr = IpCidr.Parse(subnet.Cidr);
        if (!cidr.Contains(address))
        {
            throw new ArgumentException($"{IpAddressText.Format(address)} is not in subnet {subnet.Cidr}.", nameof(address));
        }

        var value = IpAddressMath.ToUInt128(address);
        if (!TryToId(cidr, value, out var id))
        {
            throw IpamErrors.AddressNotTrackable(cidr.FormatAddress(value), cidr.ToString());
        }

        return id;
    }

    /// <summary>The id of an address value inside <paramref name="cidr"/>.</summary>
    /// <param name="cidr">The subnet's CIDR.</param>
    /// <param name="value">The address (inside the CIDR).</param>
    /// <param name="id">The id.</param>
    /// <returns>False when the address cannot be represented (IPv6 beyond the first 2^64 addresses).</returns>
    public static bool TryToId(IpCidr cidr, UInt128 value, out long id)
    {
        if (cidr.Version == 4)
        {
            id = (long)value;
            return true;
        }

        var offset = value - cidr.First;
        if (value < cidr.First || offset > s_maxTrackableOffset)
        {
            id = 0;
            return false;
        }

        id = OffsetToId(offset);
        return true;
    }

    /// <summary>The address of an id of a subnet's pool.</summary>
    /// <param name="subnet">The subnet.</param>
    /// <param name="id">The id.</param>
    /// <returns>The address in canonical form.</returns>
    public static string ToAddress(Subnet subnet, long id)
    {
        ArgumentNullException.ThrowIfNull(subnet);
        var cidr = IpCidr.Parse(subnet.Cidr);
        return cidr.FormatAddress(ToValue(cidr, id));
    }

    /// <summary>The address value of an id of a subnet's pool.</summary>
    /// <param name="cidr">The subnet's CIDR.</param>
    /// <param name="id">The id.</param>
    /// <returns>The address value.</returns>
    public static UInt128 ToValue(IpCidr cidr, long id)
    {
        if (cidr.Version == 4)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(id);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(id, uint.MaxValue);
            return (UInt128)(ulong)id;
        }

        return cidr.First + unchecked((ulong)id);
    }

    private static long OffsetToId(UInt128 offset) => unchecked((long)(ulong)offset);
}
