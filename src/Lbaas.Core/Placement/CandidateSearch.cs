using System.Runtime.InteropServices;
using Lbaas.Devices;
using Lbaas.Placement.Judging;
using Ml2;
using Lbaas;

namespace Lbaas.Placement;

/// <summary>
/// Finds the devices to judge and judges them through the <see cref="PlacementPipeline"/>, recording candidates and
/// rejections in the <see cref="PlacementScratch"/>. Devices are handled by number and judged from the cache's
/// <see cref="DeviceFactsTable"/>, a batch at a time, so a judged device costs one read from memory. Large fleets are
/// searched through the cache's indexes (see <see cref="PlacementOptions.MinFeasibleDevices"/>): devices private to
/// the project, wired into the request's networks or hosting its project, then least-loaded devices of the provider.
/// The scheduler falls back to <see cref="Full"/> when that bounded set yields no device, so a failed placement's
/// explanation covers the fleet.
/// </summary>
internal sealed class CandidateSearch(DeviceCache cache, PlacementPipeline pipeline, IRandomSource random, int minFeasible)
{
    /// <summary>Whether a fleet of <paramref name="total"/> devices is searched through the indexes first.</summary>
    public bool UsesIndexes(int total) => pipeline.CanUseIndexes && minFeasible > 0 && total > 2 * minFeasible;

    /// <summary>
    /// Starts a placement, or a pass of it: the request as judged (provider and owner numbers) and the index sets its
    /// memberships are read from, looked up now (a device on-boarded or a set made since the last look-up counts).
    /// </summary>
    public void Start(PlacementRequest request, PlacementScratch scratch)
    {
        var indexes = cache.Indexes;
        scratch.Request = JudgedRequest.Of(request, indexes);
        scratch.Hints = new IndexHints(indexes.OnNetwork(request.VipNetworkId), indexes.OnNetwork(request.MemberNetworkId), indexes.HostingTenant(request.TenantId));
    }

    /// <summary>Judges every device, in id order.</summary>
    public void Full(ILoadBalancerDriver? driver, PlacementScratch scratch)
    {
        scratch.AnyProvider = true;
        foreach (var number in cache.OrderedNumbers())
        {
            scratch.Pending.Add(number);
            if (scratch.Pending.Count == PlacementScratch.BatchSize)
            {
                JudgePending(driver, scratch);
            }
        }

        JudgePending(driver, scratch);
    }

    /// <summary>
    /// Judges the bounded candidate set: affinity sources first (capped), then least-loaded devices until enough fit.
    /// </summary>
    public void Bounded(ILoadBalancerDriver? driver, PlacementScratch scratch)
    {
        var request = scratch.Request.Request;
        var hints = scratch.Hints;
        var target = minFeasible;
        var affinityLeft = target;
        affinityLeft = Collect(cache.Indexes.PrivateTo(request.TenantId), scratch, affinityLeft);
        affinityLeft = Collect(hints.VipNetwork, scratch, affinityLeft);
        affinityLeft = Collect(hints.MemberNetwork, scratch, affinityLeft);
        Collect(hints.Tenant, scratch, affinityLeft);
        JudgePending(driver, scratch);

        if (cache.Indexes.ProviderIndex(request.Provider) is not { } index)
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
                var number = items[(start + k) % count];
                if (number < 0 || !scratch.FirstSight(number))
                {
                    continue;
                }

                scratch.Pending.Add(number);
                examined++;
                if (scratch.Pending.Count >= wanted || examined >= examineCap)
                {
                    fitting += JudgePending(driver, scratch);
                    wanted = Wanted(scratch, target, fitting, minLeastLoaded);
                    if (wanted == 0 || examined >= examineCap)
                    {
                        return;
                    }
                }
            }
        }

        JudgePending(driver, scratch);
    }

    /// <summary>Reads one device's current facts, to judge it again (a device the claim found changed).</summary>
    /// <returns>The device as it is now, or null when it is gone.</returns>
    public JudgedDevice? ReadCurrent(DeviceSlot slot, PlacementScratch scratch)
    {
        Start(scratch.Request.Request, scratch);
        cache.Facts.Read(slot.Number, out var facts);
        return facts.Exists && facts.Epoch == slot.Epoch ? Judged(facts, slot, slot.Number, scratch) : null;
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
            // The provider is checked when the batch is judged, from the facts.
            var number = items[(start + k) % count];
            if (number < 0 || !scratch.FirstSight(number))
            {
                continue;
            }

            scratch.Pending.Add(number);
            budget--;
        }

        return budget;
    }

    private static JudgedDevice Judged(in DeviceFacts facts, DeviceSlot slot, int number, PlacementScratch scratch)
    {
        var hints = scratch.Hints;
        return new JudgedDevice(
            facts,
            slot,
            scratch.Request,
            hints.VipNetwork?.Contains(number) == true,
            hints.MemberNetwork?.Contains(number) == true,
            hints.Tenant?.Contains(number) == true);
    }

    // Judges the collected devices from their facts, read in one sweep; returns how many fit.
    private int JudgePending(ILoadBalancerDriver? driver, PlacementScratch scratch)
    {
        scratch.EnsureBatch();
        var numbers = CollectionsMarshal.AsSpan(scratch.Pending);
        var facts = scratch.PendingFacts.AsSpan(0, numbers.Length);
        var table = cache.Facts;
        table.ReadBatch(numbers, facts, scratch.PendingSequences);
        var provider = scratch.Request.Provider;
        var fitting = 0;
        for (var i = 0; i < numbers.Length; i++)
        {
            // Index sources hold devices of every provider; those of another provider are not candidates at all.
            ref readonly var read = ref facts[i];
            if (!read.Exists || (!scratch.AnyProvider && read.Provider != provider) || table.SlotOf(numbers[i]) is not { } slot)
            {
                continue;
            }

            var device = Judged(read, slot, numbers[i], scratch);
            if (pipeline.Judge(scratch.Request, driver, device, out var score, out var rejection))
            {
                // A candidate whose number went to another device meanwhile is dropped by the claim loop.
                scratch.Considered++;
                scratch.Candidates.Add(new PlacementCandidate(device, score, 0));
                fitting++;
            }
            else if (!device.Stale)
            {
                // A rejection names the device (reading its slot anyway), so one judged on another device's facts is
                // told apart here and not reported.
                scratch.Considered++;
                scratch.Rejections.Add(rejection);
            }
        }

        scratch.Pending.Clear();
        return fitting;
    }
}
