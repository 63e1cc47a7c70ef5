using Ml2.Model;
using Ml2.Storage;

namespace Ml2.Drivers;

/// <summary>
/// A type driver owns one network type: it validates provider segments and allocates segment ids from its pools,
/// which it keeps in the store (<see cref="IMl2Transaction.Pools"/>) so allocations commit and roll back with the
/// operation.
/// </summary>
public interface ITypeDriver
{
    /// <summary>The network type this driver owns (e.g. <c>vlan</c>).</summary>
    string NetworkType { get; }

    /// <summary>Called once at start: create or reshape the driver's pools from its configuration.</summary>
    /// <param name="store">The store holding the pools.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>A task that completes when the driver is ready.</returns>
    ValueTask InitializeAsync(IMl2Store store, CancellationToken cancellationToken) => default;

    /// <summary>
    /// Validates a provider segment (outside any transaction): required attributes present, prohibited ones absent,
    /// values in range. Throws <see cref="Exceptions.InvalidInputException"/> with Neutron's wording otherwise.
    /// </summary>
    /// <param name="segment">The requested segment; its network type is this driver's.</param>
    void ValidateProviderSegment(ProviderSegment segment);

    /// <summary>Whether the segment leaves something for the driver to choose (e.g. a VLAN without id).</summary>
    /// <param name="segment">A validated segment.</param>
    /// <returns>True when partial.</returns>
    bool IsPartialSegment(ProviderSegment segment);

    /// <summary>Reserves a validated provider segment, completing a partial one from the pool.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="segment">The validated segment.</param>
    /// <param name="cancellationToken">Cancels the reservation.</param>
    /// <returns>The reserved, fully specified segment.</returns>
    /// <exception cref="Exceptions.SegmentInUseException">A fully specified segment is already allocated.</exception>
    /// <exception cref="Exceptions.NoNetworkAvailableException">A partial segment found no free id.</exception>
    ValueTask<ProviderSegment> ReserveProviderSegmentAsync(IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken);

    /// <summary>Allocates a tenant segment from the pools (random free id, physical networks in configured order).</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="cancellationToken">Cancels the allocation.</param>
    /// <returns>The segment, or null when the pools are exhausted or the type has no tenant pools - not an error.</returns>
    ValueTask<ProviderSegment?> AllocateTenantSegmentAsync(IMl2Transaction transaction, CancellationToken cancellationToken);

    /// <summary>Releases a segment: an id in the ranges becomes free, an id outside them is forgotten.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="segment">The segment.</param>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>A task that completes when the segment is released.</returns>
    ValueTask ReleaseSegmentAsync(IMl2Transaction transaction, ProviderSegment segment, CancellationToken cancellationToken);

    /// <summary>The MTU of a segment of this type; 0 when the driver does not know.</summary>
    /// <param name="physicalNetwork">The segment's physical network, or null.</param>
    /// <returns>The MTU, or 0.</returns>
    int GetMtu(string? physicalNetwork);
}
