using System.Globalization;
using Ml2.Exceptions;
using Ml2.Model;

namespace Ml2.Managers;

/// <summary>
/// Neutron's unique key on a network's segments, <c>(network_id, network_type, physical_network)</c>
/// (<c>uniq_networksegment0network_id0network_type0physical_network</c>). As in SQL, a segment without a physical
/// network (a tunnel or local segment) never collides.
/// </summary>
internal static class SegmentKey
{
    /// <summary>The error type Neutron answers when the key refuses a row (409).</summary>
    public const string DuplicateEntryType = "NeutronDbObjectDuplicateEntry";

    /// <summary>Throws 409 <c>NeutronDbObjectDuplicateEntry</c> when <paramref name="segment"/> has the key of one of <paramref name="earlier"/>.</summary>
    /// <param name="networkId">The network's id.</param>
    /// <param name="earlier">The segments already on the network.</param>
    /// <param name="segment">The segment being added.</param>
    public static void ThrowIfDuplicate(string networkId, ReadOnlySpan<ProviderSegment> earlier, ProviderSegment segment)
    {
        if (segment.PhysicalNetwork is not { } physnet)
        {
            return;
        }

        foreach (var other in earlier)
        {
            if (string.Equals(other.NetworkType, segment.NetworkType, StringComparison.Ordinal)
                && string.Equals(other.PhysicalNetwork, physnet, StringComparison.Ordinal))
            {
                // neutron_lib.objects.exceptions.NeutronDbObjectDuplicateEntry, with the columns and values oslo.db reads
                // from the database's unique-violation error (PostgreSQL's "Key (...)=(...)" form).
                var values = string.Create(CultureInfo.InvariantCulture, $"{networkId}, {segment.NetworkType}, {physnet}");
                throw ConflictException.OfType(
                    DuplicateEntryType,
                    $"Failed to create a duplicate NetworkSegment: for attribute(s) ['network_id', 'network_type', 'physical_network'] with value(s) {ErrorText.Quote(values)}",
                    "segments",
                    values);
            }
        }
    }
}
