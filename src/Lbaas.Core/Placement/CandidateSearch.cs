using Lbaas.Devices;
using Ml2;
using Lbaas;

namespace Lbaas.Placement;

/// <summary>
/// Finds the devices to judge and judges them through the <see cref="PlacementPipeline"/>, recording candidates and
/// rejections in the <see cref="PlacementScratch"/>. Large fleets are searched through the cache's indexes (see
/// <see cref="PlacementOptions.MinFeasibleDevices"/>): devices private to the project, wired into the request's
/// networks or hosting its project, then least-loaded devices of the provider. The scheduler falls back to
/// <see cref="Full"/> when that bounded set yields no device, so a failed placement's explanation covers the fleet.
/// </summary>
internal sealed class CandidateSearch(DeviceCache cache, PlacementPipeline pipeline, IRandomSource random, int minFeasible)
{
    private const int Batch = 64;

    /// <summary>Whether a fleet of <paramref name="total"/> devices is searched through the indexes first.</summary>
    public bool UsesIndexes(int total) => pipeline.CanUseIndexes && minFeasible > 0 && total > 2 * minFeasible;

    /// <summary>Judges every device, in id order.</summary>
    public void Full(PlacementRequest request, ILoadBalancerDriver? driver, PlacementScratch scratch)
    {
        scratch.AnyProvider = true;
        foreach (var slot in cache.OrderedSlots())
        {
            scratch.Pending.Add(slot);
            if (scratch.Pending.Count == Batch)
            {
                JudgePending(request, driver, scratch);
            }
        }

        JudgePending(request, driver, scratch);
    }

    /// <summary>
    /// Judges the bounded candidate set: affinity sources first (capped), then least-loaded devices until enough fit.
    /// </summary>
    public void Bounded(PlacementRequest request, ILoadBalancerDriver? driver, PlacementScratch scratch)
    {
        var indexes = cache.Indexes;
        var target = minFeasible;
        var onVipNetwork = indexes.OnNetwork(request.VipNetworkId);
        var onMemberNetwork = indexes.OnNetwork(request.MemberNetworkId);
        var hostingTenant = indexes.HostingTenant(request.TenantId);
        scratch.Hints = new IndexHints(onVipNetwork, onMemberNetwork, hostingTenant);
        var affinityLeft = target;
        affinityLeft = Collect(indexes.PrivateTo(request.TenantId), scratch, affinityLeft);
        affinityLeft = Collect(onVipNetwork, scratch, affinityLeft);
        affinityLeft = Collect(onMemberNetwork, scratch, affinityLeft);
        Collect(hostingTenant, scratch, affinityLeft);
        JudgePending(request, driver, scratch);

        if (indexes.ProviderIndex(request.Provider) is not { } index)
        {
            return;
        }

        var minLeastLoaded = Math.Max(1, target / 4);
        var examineCap = 4 * target;
        var examined = 0;
        var fitting = 0;
        var wanted = Wanted(scratch, target, fitting, minLeastLoaded);
        // Least-loaded buckets first; a bucket's stripes from a random one on, each from a random position, so no
        // stripe and no device is favoured.
        var firstStripe = 0;
        for (var i = 0; i < ProviderDeviceIndex.BucketCount * ProviderDeviceIndex.Stripes; i++)
        {
            var (bucket, step) = Math.DivRem(i, ProviderDeviceIndex.Stripes);
            if (step == 0)
            {
                firstStripe = random.Next(ProviderDeviceIndex.Stripes);
            }

            var items = index.Set(bucket, (firstStripe + step) % ProviderDeviceIndex.Stripes).Items;
            var count = items.Length;
            var start = count > 1 ? random.Next(count) : 0;
            for (var k = 0; k < count; k++)
            {
                var slot = items[(start + k) % count];
                if (slot is null || !scratch.FirstSight(slot))
                {
                    continue;
                }

                scratch.Pending.Add(slot);
                examined++;
                if (scratch.Pending.Count >= wanted || examined >= examineCap)
                {
                    fitting += JudgePending(request, driver, scratch);
                    wanted = Wanted(scratch, target, fitting, minLeastLoaded);
                    if (wanted == 0 || examined >= examineCap)
                    {
                        return;
                    }
                }
            }
        }

        JudgePending(request, driver, scratch);
    }

    // How many more least-loaded devices to judge: enough to reach the target, and a quarter of it at least.
    private static int Wanted(PlacementScratch scratch, int target, int fitting, int minLeastLoaded) =>
        Math.Max(Math.Max(0, target - scratch.Candidates.Count), Math.Max(0, minLeastLoaded - fitting));

    private int Collect(DeviceSlotSet? set, PlacementScratch scratch, int budget)
    {
        if (set is null || budget <= 0)
        {
            return budget;
        }

        var items = set.Items;
        var count = items.Length;
        var start = count > budget ? random.Next(count) : 0;
        for (var k = 0; k < count && budget > 0; k++)
        {
            // The provider is checked when the batch is judged, so this loop never reads the device itself.
            var slot = items[(start + k) % count];
            if (slot is null || !scratch.FirstSight(slot))
            {
                continue;
            }

            scratch.Pending.Add(slot);
            budget--;
        }

        return budget;
    }

    // Judges the collected devices; returns how many fit. The prefetch step: the batch's snapshots are read in one
    // sweep and their device records and sets touched in a second, before any policy runs, so the cache misses of
    // different devices overlap instead of queueing behind each policy call (docs/performance.md, "LBaaS placement":
    // at 100k devices every judged device is a read from DRAM).
    private int JudgePending(PlacementRequest request, ILoadBalancerDriver? driver, PlacementScratch scratch)
    {
        var slots = scratch.Pending;
        var snapshots = scratch.PendingSnapshots;
        snapshots.Clear();
        foreach (var slot in slots)
        {
            // Index sources hold devices of every provider; those of another provider are not candidates at all.
            snapshots.Add(scratch.AnyProvider || string.Equals(slot.Provider, request.Provider, StringComparison.OrdinalIgnoreCase) ? slot.Current : null);
        }

        var sink = 0;
        for (var i = 0; i < slots.Count; i++)
        {
            if (snapshots[i] is { } snapshot)
            {
                sink ^= snapshot.LoadBalancerCount ^ slots[i].Touch();
            }
        }

        scratch.Sink ^= sink;
        var fitting = 0;
        for (var i = 0; i < slots.Count; i++)
        {
            if (snapshots[i] is not { } snapshot)
            {
                continue;
            }

            scratch.Considered++;
            if (pipeline.Judge(request, driver, snapshot, out var score, out var rejection))
            {
                scratch.Candidates.Add(new PlacementCandidate(slots[i], snapshot, score, 0));
                fitting++;
            }
            else
            {
                scratch.Rejections.Add(rejection);
            }
        }

        slots.Clear();
        snapshots.Clear();
        return fitting;
    }
}
