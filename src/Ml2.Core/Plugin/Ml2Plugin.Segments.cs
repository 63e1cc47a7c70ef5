using Ml2.Contexts;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Storage;

namespace Ml2.Plugin;

/// <summary>Segments of networks: requested provider segments, their validation, and provider-attribute updates.</summary>
internal sealed partial class Ml2Plugin
{
    private IReadOnlyList<ProviderSegment> RequestedSegments(NetworkCreateRequest request)
    {
        if (request.HasProviderAttributes && request.Segments is not null)
        {
            throw InvalidInputException.OfType("SegmentsSetInConjunctionWithProviders", "segments", request.Segments.Count, "Segments and provider values cannot both be set.");
        }

        IReadOnlyList<ProviderSegment> requested = request.HasProviderAttributes
            ? [new ProviderSegment(request.NetworkType, request.PhysicalNetwork, request.SegmentationId)]
            : request.Segments ?? [];
        var seen = new HashSet<ProviderSegment>();
        foreach (var segment in requested)
        {
            ArgumentNullException.ThrowIfNull(segment);
            _types.ValidateProviderSegment(segment);
            if (!_types.IsPartialSegment(segment) && !seen.Add(segment))
            {
                throw InvalidInputException.OfType("SegmentsContainDuplicateEntry", "segments", segment.ToString(), "Duplicate segment entry in request.");
            }
        }

        return requested;
    }

    private NetworkSegment ToNetworkSegment(string networkId, ProviderSegment segment, int index, bool isDynamic) => new()
    {
        Id = NewId(),
        NetworkId = networkId,
        NetworkType = segment.NetworkType!,
        PhysicalNetwork = segment.PhysicalNetwork,
        SegmentationId = segment.SegmentationId,
        Mtu = _types.GetSegmentMtu(segment),
        IsDynamic = isDynamic,
        SegmentIndex = index,
    };

    /// <summary>
    /// Applies a provider-attribute update: only the segmentation id of a single-segment VLAN network whose ports are
    /// all unbound may change (Neutron's rules); the network type and physical network may only be restated.
    /// </summary>
    private async ValueTask<IReadOnlyList<NetworkSegment>> UpdateProviderSegmentAsync(
        IMl2Transaction transaction, Network current, NetworkUpdateRequest request, CancellationToken cancellationToken)
    {
        if (request.NetworkType is null && request.PhysicalNetwork is null && request.SegmentationId is null)
        {
            return current.Segments;
        }

        var statics = Ml2NetworkContext.StaticSegments(current.Segments);
        var single = statics.Count == 1 ? statics[0] : null;
        if (request.NetworkType is { } type && type != single?.NetworkType)
        {
            throw new InvalidInputException("provider:network_type", type, "Plugin does not support updating the following provider network attributes: provider:network_type");
        }

        if (request.PhysicalNetwork is { } physnet && physnet != single?.PhysicalNetwork)
        {
            throw new InvalidInputException("provider:physical_network", physnet, "Plugin does not support updating the following provider network attributes: provider:physical_network");
        }

        if (request.SegmentationId is not { } newId || newId == single?.SegmentationId)
        {
            return current.Segments;
        }

        if (single is null)
        {
            throw new InvalidInputException("provider:segmentation_id", newId, "Plugin does not support updating provider attributes of a network with more than one segment");
        }

        if (single.NetworkType != NetworkTypes.Vlan)
        {
            throw new InvalidInputException("provider:segmentation_id", newId, "Only VLAN type networks can be updated.");
        }

        var ports = await transaction.Ports.ListByNetworkAsync(current.Id, cancellationToken).ConfigureAwait(false);
        if (ports.FirstOrDefault(p => !VifTypes.IsUnbound(p.Binding.VifType)) is { } bound)
        {
            throw new InvalidInputException("provider:segmentation_id", newId,
                $"Provider network attribute \"segmentation_id\" cannot be updated while port {bound.Id} has binding:vif_type \"{bound.Binding.VifType}\"");
        }

        var replacement = new ProviderSegment(NetworkTypes.Vlan, single.PhysicalNetwork, newId);
        _types.ValidateProviderSegment(replacement);
        var reserved = await _types.ReserveProviderSegmentAsync(transaction, replacement, cancellationToken).ConfigureAwait(false);
        await _types.ReleaseSegmentAsync(transaction, single, cancellationToken).ConfigureAwait(false);
        return [.. current.Segments.Select(s => s.Id == single.Id ? s with { SegmentationId = reserved.SegmentationId } : s)];
    }
}
