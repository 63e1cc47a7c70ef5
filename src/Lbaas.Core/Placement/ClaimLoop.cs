using System.Runtime.InteropServices;
using Lbaas.Devices;
using Lbaas.Diagnostics;
using Lbaas.Placement.Judging;
using Lbaas.Storage;
using Microsoft.Extensions.Logging;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Placement;

/// <summary>
/// Claims the best candidate through the state store's atomic claim (compare-and-set on the device revision plus
/// <see cref="ClaimAdmission"/>), then applies the store's outcome to the device cache. When the store refuses because
/// the device changed - here or in another controller instance - the device is reloaded into the cache and judged
/// again: still fitting, the claim is retried on it; else the next candidate is tried.
/// </summary>
internal sealed class ClaimLoop(
    DeviceCacheSync sync,
    CandidateSearch search,
    PlacementPipeline pipeline,
    CandidateRanking ranking,
    int maxClaimRetries,
    ILogger logger)
{
    private readonly DeviceCache _cache = sync.Cache;
    private readonly IDeviceStore _store = sync.Store;

    /// <summary>
    /// Claims the best of the scratch's candidates; null when every candidate failed. The candidates are addressed by
    /// index (never a span held across an await): the claim may complete asynchronously with a durable store.
    /// </summary>
    /// <exception cref="LoadBalancerAlreadyPlacedException">The store says the load balancer holds this slot's claim already.</exception>
    /// <exception cref="ConcurrencyConflictException">More than the allowed number of claims lost a race.</exception>
    public async ValueTask<PlacementResult?> TryClaimBestAsync(
        LoadBalancerClaim claim,
        ILoadBalancerDriver? driver,
        PlacementScratch scratch,
        int total,
        CancellationToken cancellationToken)
    {
        var count = scratch.Candidates.Count;
        if (count == 0)
        {
            return null;
        }

        var request = scratch.Request.Request;
        var ordered = ranking.Order(request, driver, CollectionsMarshal.AsSpan(scratch.Candidates));
        var available = count;
        for (var i = 0; i < count; i++)
        {
            if (!ordered)
            {
                ranking.SelectBest(CollectionsMarshal.AsSpan(scratch.Candidates), i);
            }

            var candidate = scratch.Candidates[i];
            var slot = candidate.Slot;
            var device = candidate.Device;
            var score = candidate.Score;
            if (device.Facts.Epoch != slot.Epoch)
            {
                // The number was given to another device after the facts were read: not a candidate after all.
                available--;
                scratch.Considered--;
                continue;
            }

            while (true)
            {
                var stored = await ClaimAsync(slot.Id, claim, device.Facts.Revision, cancellationToken).ConfigureAwait(false);
                if (stored.Status == ClaimStatus.Claimed)
                {
                    // The cache follows the store: the claim applies to the revision the store moved from, else the
                    // cache lags (another change is still being applied, or came from another instance) and reloads.
                    if (!_cache.ApplyClaim(slot, claim, stored.DeviceRevision - 1, scratch.Hints))
                    {
                        await sync.RefreshAsync(slot.Id, cancellationToken).ConfigureAwait(false);
                    }

                    return Placed(slot, device, score, available, scratch, total);
                }

                if (stored.Status is ClaimStatus.AlreadyPlaced or ClaimStatus.AlreadyClaimed)
                {
                    // Placed already (here or on another device): a second claim is never taken, the first is untouched.
                    throw new LoadBalancerAlreadyPlacedException(request.LoadBalancerId, stored.PlacedOnDeviceId ?? slot.Id, claim.Slot);
                }

                // The store refused: the cached facts were stale. Reload the device, then re-judge it or move on.
                var current = await sync.RefreshAsync(slot.Id, cancellationToken).ConfigureAwait(false) is null ? null : search.ReadCurrent(slot, scratch);
                if (stored.Status == ClaimStatus.RevisionConflict && current is { } now)
                {
                    scratch.Conflicts++;
                    DeviceScheduler.Log.ClaimConflict(logger, request.LoadBalancerId, slot.Id, device.Facts.Revision, stored.DeviceRevision);
                    if (scratch.Conflicts > maxClaimRetries)
                    {
                        throw new ConcurrencyConflictException("Device", slot.Id, device.Facts.Revision, stored.DeviceRevision);
                    }

                    if (pipeline.Judge(scratch.Request, driver, now, out score, out var rejection))
                    {
                        device = now;
                        continue;
                    }

                    scratch.Rejections.Add(rejection);
                }
                else if (stored.Status == ClaimStatus.NotFound || current is null)
                {
                    scratch.Considered--;
                }
                else
                {
                    var reason = stored.Status == ClaimStatus.AtVipCapacity ? Policies.CapacityPolicy.AtVipCapacity : Policies.CapacityPolicy.AtNetworkCapacity;
                    scratch.Rejections.Add(new DeviceRejection(slot.Id, PlacementPolicyNames.Capacity, reason));
                }

                available--;
                break;
            }
        }

        return null;
    }

    // The store's atomic claim; traced (an lbaas.placement.claim span with the device and the outcome) when somebody listens.
    private ValueTask<ClaimResult> ClaimAsync(string deviceId, LoadBalancerClaim claim, long revision, CancellationToken cancellationToken) =>
        LbaasTracing.Source.HasListeners()
            ? ClaimTracedAsync(deviceId, claim, revision, cancellationToken)
            : _store.TryClaimAsync(deviceId, claim, revision, cancellationToken);

    private async ValueTask<ClaimResult> ClaimTracedAsync(string deviceId, LoadBalancerClaim claim, long revision, CancellationToken cancellationToken)
    {
        using var activity = LbaasTracing.StartClaim(deviceId);
        try
        {
            var result = await _store.TryClaimAsync(deviceId, claim, revision, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(LbaasAttributes.ClaimStatus, result.Status.ToString());
            return result;
        }
        catch (Exception ex) when (LbaasTracing.Failed(activity, ex))
        {
            throw;
        }
    }

    private PlacementResult Placed(DeviceSlot slot, in JudgedDevice device, double score, int available, PlacementScratch scratch, int total) =>
        new()
        {
            DeviceId = slot.Id,
            Scores = pipeline.Explain(scratch.Request, device),
            TotalScore = score,
            Rejections = scratch.Rejections.Count == 0 ? [] : scratch.Rejections.ToArray(),
            DevicesConsidered = scratch.Considered,
            DevicesAvailable = available,
            DevicesTotal = total,
            ClaimConflicts = scratch.Conflicts,
        };
}
