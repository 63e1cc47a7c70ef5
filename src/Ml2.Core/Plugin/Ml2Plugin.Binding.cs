using Ml2.Binding;
using Ml2.Contexts;
using Ml2.Diagnostics;
using Ml2.Exceptions;
using Ml2.Managers;
using Ml2.Model;
using Ml2.Storage;

namespace Ml2.Plugin;

/// <summary>
/// Port binding orchestration (Neutron's _bind_port_if_needed / _commit_port_binding): bind outside any transaction
/// on a copy, retry a failed binding, then commit in a new transaction only if the binding inputs (host, vnic type,
/// profile) did not change and nobody bound the port meanwhile; otherwise try again, at most MaxBindTries times.
/// Also the dynamic-segment allocator handed to port contexts.
/// </summary>
internal sealed partial class Ml2Plugin : IDynamicSegmentAllocator
{
    private static bool ShouldBind(Port port) => port.Binding.HostId.Length > 0 && VifTypes.IsUnbound(port.Binding.VifType);

    private async ValueTask<Port> BindPortIfNeededAsync(CallerContext caller, Port port, CancellationToken cancellationToken)
    {
        var current = port;
        for (var attempt = 1; attempt <= _maxBindTries; attempt++)
        {
            if (!ShouldBind(current))
            {
                return current;
            }

            var network = await ReadAsync(tx => tx.Networks.FindAsync(current.NetworkId, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (network is null || Ml2NetworkContext.StaticSegments(network.Segments).Count == 0)
            {
                return current;
            }

            var copy = current with { Binding = current.Binding with { VifType = VifTypes.Unbound, VifDetails = ExtensionAttributes.Empty, Levels = [] } };
            var context = new Ml2PortContext(copy, null, new Ml2NetworkContext(network, null, caller, null), caller, null, this);
            var result = await _binder.BindAsync(context, cancellationToken).ConfigureAwait(false);
            var tryAgain = !result.Bound;
            if (attempt == _maxBindTries || !tryAgain)
            {
                (current, var committed) = await CommitBindingAsync(caller, current, result, cancellationToken).ConfigureAwait(false);
                tryAgain = !committed;
                if (committed)
                {
                    _metrics.PortBindingCompleted(result.Bound ? "bound" : "failed");
                }
            }

            if (!tryAgain)
            {
                return current;
            }

            Log.BindingCommitConflict(_logger, current.Id);
        }

        Log.BindingCommitExhausted(_logger, current.Id, _maxBindTries);
        _metrics.PortBindingCompleted("exhausted");
        return current;
    }

    /// <summary>Writes a binding result if the port's binding inputs are still those that were bound.</summary>
    private async ValueTask<(Port Port, bool Committed)> CommitBindingAsync(CallerContext caller, Port bound, BindingResult result, CancellationToken cancellationToken)
    {
        Ml2PortContext? postcommit = null;
        var outcome = await TransactAsync("bind_port", async transaction =>
        {
            var current = await transaction.Ports.FindAsync(bound.Id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return (bound, true);
            }

            var inputsUnchanged = VifTypes.IsUnbound(current.Binding.VifType)
                && current.Binding.HostId == bound.Binding.HostId
                && current.Binding.VnicType == bound.Binding.VnicType
                && ExtensionAttributes.AreEqual(current.Binding.Profile, bound.Binding.Profile);
            if (!inputsUnchanged)
            {
                return (current, false);
            }

            var next = current with
            {
                Binding = current.Binding with { VifType = result.VifType, VifDetails = result.VifDetails, Levels = result.Levels, RequestedStatus = result.Status },
                Status = result.Bound ? result.Status ?? current.Status : ResourceStatus.Down,
                RevisionNumber = current.RevisionNumber + 1,
                UpdatedAt = _time.GetUtcNow(),
            };
            await transaction.Ports.UpdateAsync(next, current.RevisionNumber, cancellationToken).ConfigureAwait(false);
            var network = await transaction.Networks.FindAsync(next.NetworkId, cancellationToken).ConfigureAwait(false)
                ?? throw new ResourceNotFoundException("Network", next.NetworkId);
            var networkContext = new Ml2NetworkContext(network, null, caller, transaction);
            await _mechanisms.CallAsync(MechanismHooks.UpdatePortPrecommit, new Ml2PortContext(next, current, networkContext, caller, transaction, this), cancellationToken).ConfigureAwait(false);
            postcommit = new Ml2PortContext(next, current, networkContext.WithoutTransaction(), caller, null, this);
            return (next, true);
        }, cancellationToken).ConfigureAwait(false);

        if (postcommit is not null)
        {
            await _mechanisms.CallAsync(MechanismHooks.UpdatePortPostcommit, postcommit, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    public async ValueTask<NetworkSegment> AllocateDynamicSegmentAsync(string networkId, ProviderSegment segment, CancellationToken cancellationToken)
    {
        _types.ValidateProviderSegment(segment);
        return await TransactAsync("allocate_dynamic_segment", async transaction =>
        {
            var network = await transaction.Networks.FindAsync(networkId, cancellationToken).ConfigureAwait(false)
                ?? throw new ResourceNotFoundException("Network", networkId);
            var existing = network.Segments.FirstOrDefault(s => s.IsDynamic
                && s.NetworkType == segment.NetworkType
                && s.PhysicalNetwork == segment.PhysicalNetwork
                && (segment.SegmentationId is null || s.SegmentationId == segment.SegmentationId));
            if (existing is not null)
            {
                return existing;
            }

            var reserved = await _types.ReserveProviderSegmentAsync(transaction, segment, cancellationToken).ConfigureAwait(false);
            var created = ToNetworkSegment(networkId, reserved, network.Segments.Count, isDynamic: true);
            await transaction.Networks.UpdateAsync(
                network with { Segments = [.. network.Segments, created], RevisionNumber = network.RevisionNumber + 1, UpdatedAt = _time.GetUtcNow() },
                network.RevisionNumber,
                cancellationToken).ConfigureAwait(false);
            return created;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ReleaseDynamicSegmentAsync(string networkId, string segmentId, CancellationToken cancellationToken)
    {
        await TransactAsync("release_dynamic_segment", async transaction =>
        {
            var network = await transaction.Networks.FindAsync(networkId, cancellationToken).ConfigureAwait(false);
            var segment = network?.Segments.FirstOrDefault(s => s.Id == segmentId && s.IsDynamic);
            if (network is null || segment is null)
            {
                return false;
            }

            await _types.ReleaseSegmentAsync(transaction, segment, cancellationToken).ConfigureAwait(false);
            await transaction.Networks.UpdateAsync(
                network with { Segments = [.. network.Segments.Where(s => s.Id != segmentId)], RevisionNumber = network.RevisionNumber + 1, UpdatedAt = _time.GetUtcNow() },
                network.RevisionNumber,
                cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }
}
