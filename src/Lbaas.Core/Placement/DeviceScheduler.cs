using System.Collections.Frozen;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Lbaas.Devices;
using Lbaas.Diagnostics;
using Lbaas.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Placement;

/// <summary>
/// Places load balancers on devices: filter (each rejection with the policy and reason) -> driver veto -> score
/// (weighted mean of the enabled scorers) -> order (best first, ties at random, optionally a random pick among the top
/// k, or the driver's choice) -> claim (through the state store's atomic claim: compare-and-set on the device revision
/// plus the store's own capacity check; when the store refuses because the device changed - here or in another
/// controller instance - the device is reloaded into the cache, re-judged, then the next candidate is tried) -> when
/// nothing fits and the provider can spawn, provision a device and place again.
/// </summary>
/// <remarks>
/// <para>
/// Large fleets are searched through the inventory's indexes (see <see cref="PlacementOptions.MinFeasibleDevices"/>):
/// devices private to the project, wired into the request's networks or hosting its project, then least-loaded
/// devices of the provider. When that bounded set yields no device, every device is judged, so a failed placement's
/// explanation always covers the whole fleet.
/// </para>
/// <para>
/// Policies are pure and synchronous over the cache's snapshots; the only awaits are the store's claim (synchronous
/// with the in-memory store), the provisioner's and the registry's.
/// </para>
/// </remarks>
internal sealed partial class DeviceScheduler : IDeviceScheduler
{
    private readonly DeviceInventory _inventory;
    private readonly DeviceCacheSync _sync;
    private readonly IDeviceStore _store;
    private readonly IDeviceRegistry _registry;
    private readonly PlacementPipeline _pipeline;
    private readonly FrozenDictionary<string, IDeviceProvisioner[]> _provisioners;
    private readonly IRandomSource _random;
    private readonly ILogger<DeviceScheduler> _logger;
    private readonly IProviderCatalog? _catalog;
    private readonly LbaasMetrics _metrics;
    private readonly int _topK;
    private readonly int _maxClaimRetries;
    private readonly int _minFeasible;
    private readonly bool _driverChooses;
    private readonly bool _allowProvisioning;

    public DeviceScheduler(
        DeviceInventory inventory,
        DeviceCacheSync sync,
        IDeviceRegistry registry,
        IEnumerable<IPlacementPolicy> policies,
        IEnumerable<IDeviceProvisioner> provisioners,
        IOptions<PlacementOptions> options,
        IRandomSource random,
        ILogger<DeviceScheduler> logger,
        IProviderCatalog? catalog = null,
        LbaasMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(sync);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(provisioners);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        var errors = new List<string>();
        _pipeline = PlacementPipeline.Build(settings, policies, errors)
            ?? throw new OptionsValidationException(Options.DefaultName, typeof(PlacementOptions), errors);
        _inventory = inventory;
        _sync = sync;
        _store = sync.Store;
        _registry = registry;
        _random = random;
        _logger = logger;
        _catalog = catalog;
        _metrics = metrics ?? new LbaasMetrics();
        _topK = settings.TopK;
        _maxClaimRetries = settings.MaxClaimRetries;
        _minFeasible = settings.MinFeasibleDevices;
        _driverChooses = settings.DriverChoosesDevice;
        _allowProvisioning = settings.AllowProvisioning;
        _provisioners = provisioners
            .Where(p => !string.IsNullOrWhiteSpace(p.Provider))
            .GroupBy(p => p.Provider.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.Distinct().ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    public async ValueTask<PlacementResult> ScheduleAsync(PlacementRequest request, LoadBalancerClaim claim, CancellationToken cancellationToken = default)
    {
        Validate(request, claim);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = LbaasTracing.StartPlacement(request);
        var start = _metrics.TimesPlacements ? Stopwatch.GetTimestamp() : 0;
        try
        {
            var result = await ScheduleCoreAsync(request, claim, cancellationToken).ConfigureAwait(false);
            _metrics.PlacementDecided(result, start);
            LbaasTracing.Decided(activity, result);
            return result;
        }
        catch (Exception ex) when (LbaasTracing.Failed(activity, ex))
        {
            throw;
        }
    }

    private async ValueTask<PlacementResult> ScheduleCoreAsync(PlacementRequest request, LoadBalancerClaim claim, CancellationToken cancellationToken)
    {
        var driver = _catalog?.DriverOf(request.Provider);
        var result = await PlaceAsync(request, claim, driver, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded || !_provisioners.TryGetValue(request.Provider, out var provisioners))
        {
            LogDecision(request, result);
            return result;
        }

        if (!_allowProvisioning)
        {
            result = result with { Summary = result.Summary + "; provisioning disabled" };
            LogDecision(request, result);
            return result;
        }

        return await ProvisionAndPlaceAsync(request, claim, driver, result, provisioners, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> ReleaseAsync(string deviceId, string loadBalancerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        ArgumentNullException.ThrowIfNull(loadBalancerId);
        var revision = await _store.ReleaseClaimAsync(deviceId, loadBalancerId, cancellationToken).ConfigureAwait(false);
        if (revision is { } after && !_inventory.Release(deviceId, loadBalancerId, after - 1))
        {
            await _sync.RefreshAsync(deviceId, cancellationToken).ConfigureAwait(false);
        }

        var released = revision is not null;
        Log.Released(_logger, loadBalancerId, deviceId, released);
        return released;
    }

    private static void Validate(PlacementRequest request, LoadBalancerClaim claim)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.LoadBalancerId, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.TenantId, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Provider, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.VipNetworkId, nameof(request));
        if (!string.Equals(claim.LoadBalancerId, request.LoadBalancerId, StringComparison.Ordinal)
            || !string.Equals(claim.TenantId, request.TenantId, StringComparison.Ordinal)
            || !string.Equals(claim.VipNetworkId, request.VipNetworkId, StringComparison.Ordinal)
            || !string.Equals(claim.MemberNetworkId, request.MemberNetworkId, StringComparison.Ordinal))
        {
            throw new ArgumentException("The claim must hold the request's load balancer, project, VIP network and member network.", nameof(claim));
        }
    }

    private static void MoveToFront(Span<PlacementCandidate> candidates, int index)
    {
        var chosen = candidates[index];
        candidates[..index].CopyTo(candidates[1..]);
        candidates[0] = chosen;
    }

    private static int CompareCandidates(PlacementCandidate a, PlacementCandidate b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : a.TieBreak.CompareTo(b.TieBreak);
    }

    private async ValueTask<PlacementResult> ProvisionAndPlaceAsync(
        PlacementRequest request,
        LoadBalancerClaim claim,
        ILoadBalancerDriver? driver,
        PlacementResult failed,
        IDeviceProvisioner[] provisioners,
        CancellationToken cancellationToken)
    {
        var note = "";
        foreach (var provisioner in provisioners)
        {
            Log.Provisioning(_logger, request.LoadBalancerId, request.Provider, failed.Summary);
            Device? device;
            try
            {
                device = await provisioner.ProvisionAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ProvisionerFailed(_logger, ex, request.Provider, request.LoadBalancerId);
                note = $"provisioning failed: {ex.Message}";
                continue;
            }

            if (device is null)
            {
                Log.ProvisionerReturnedNothing(_logger, request.Provider, request.LoadBalancerId);
                note = "provisioner returned no device";
                continue;
            }

            Device added;
            try
            {
                added = await _registry.OnboardAsync(device, cancellationToken).ConfigureAwait(false);
            }
            catch (Ml2Exception ex)
            {
                Log.ProvisionedDeviceRejected(_logger, ex, request.Provider, device.Id);
                note = $"provisioned device rejected: {ex.Message}";
                continue;
            }

            Log.Provisioned(_logger, added.Id, request.Provider, request.LoadBalancerId);
            var again = await PlaceAsync(request, claim, driver, cancellationToken).ConfigureAwait(false);
            again = again with
            {
                Provisioned = true,
                Summary = again.Succeeded
                    ? $"{again.Summary}; provisioned {added.Id} after {failed.Summary}"
                    : $"{again.Summary}; provisioned {added.Id}, which does not fit either",
            };
            LogDecision(request, again);
            return again;
        }

        var result = failed with { Summary = $"{failed.Summary}; {note}" };
        LogDecision(request, result);
        return result;
    }

    private async ValueTask<PlacementResult> PlaceAsync(PlacementRequest request, LoadBalancerClaim claim, ILoadBalancerDriver? driver, CancellationToken cancellationToken)
    {
        var scratch = PlacementScratch.Rent();
        try
        {
            var total = _inventory.Count;
            PlacementResult? result;
            if (_pipeline.CanUseIndexes && _minFeasible > 0 && total > 2 * _minFeasible)
            {
                SearchBounded(request, driver, scratch);
                result = await TryClaimBestAsync(request, claim, driver, scratch, total, cancellationToken).ConfigureAwait(false);
                if (result is not null)
                {
                    return result;
                }

                Log.FullScan(_logger, request.LoadBalancerId, scratch.Considered, total);
                scratch.StartPass();
            }

            scratch.AnyProvider = true;

            foreach (var slot in _inventory.OrderedSlots())
            {
                scratch.Pending.Add(slot);
                if (scratch.Pending.Count == 64)
                {
                    JudgePending(request, driver, scratch);
                }
            }

            JudgePending(request, driver, scratch);

            result = await TryClaimBestAsync(request, claim, driver, scratch, total, cancellationToken).ConfigureAwait(false);
            if (result is not null)
            {
                return result;
            }

            return new PlacementResult
            {
                Rejections = scratch.Rejections.ToArray(),
                DevicesConsidered = scratch.Considered,
                DevicesAvailable = 0,
                DevicesTotal = total,
                ClaimConflicts = scratch.Conflicts,
            };
        }
        finally
        {
            scratch.Return();
        }
    }

    // The bounded candidate set: affinity sources first (capped), then least-loaded devices until enough fit.
    private void SearchBounded(PlacementRequest request, ILoadBalancerDriver? driver, PlacementScratch scratch)
    {
        var target = _minFeasible;
        var onVipNetwork = _inventory.OnNetwork(request.VipNetworkId);
        var onMemberNetwork = _inventory.OnNetwork(request.MemberNetworkId);
        var hostingTenant = _inventory.HostingTenant(request.TenantId);
        scratch.Hints = new IndexHints(onVipNetwork, onMemberNetwork, hostingTenant);
        var affinityLeft = target;
        affinityLeft = Collect(_inventory.PrivateTo(request.TenantId), scratch, affinityLeft);
        affinityLeft = Collect(onVipNetwork, scratch, affinityLeft);
        affinityLeft = Collect(onMemberNetwork, scratch, affinityLeft);
        Collect(hostingTenant, scratch, affinityLeft);
        JudgePending(request, driver, scratch);

        if (_inventory.ProviderIndex(request.Provider) is not { } index)
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
                firstStripe = _random.Next(ProviderDeviceIndex.Stripes);
            }

            var items = index.Set(bucket, (firstStripe + step) % ProviderDeviceIndex.Stripes).Items;
            var count = items.Length;
            var start = count > 1 ? _random.Next(count) : 0;
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
        var start = count > budget ? _random.Next(count) : 0;
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

    // Judges the collected devices. Their snapshots are read in one sweep and touched in a second, so the cache misses
    // of different devices overlap instead of queueing behind each policy call. Returns how many fit.
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
            if (snapshots[i] is { } snapshot && Judge(request, driver, slots[i], snapshot, scratch))
            {
                fitting++;
            }
        }

        slots.Clear();
        snapshots.Clear();
        return fitting;
    }

    // Judges one device; records it as a candidate or a rejection. False when rejected.
    private bool Judge(PlacementRequest request, ILoadBalancerDriver? driver, DeviceSlot slot, DeviceSnapshot snapshot, PlacementScratch scratch)
    {
        scratch.Considered++;
        if (!Judge(request, driver, snapshot, out var score, out var rejection))
        {
            scratch.Rejections.Add(rejection);
            return false;
        }

        scratch.Candidates.Add(new PlacementCandidate(slot, snapshot, score, 0));
        return true;
    }

    private bool Judge(PlacementRequest request, ILoadBalancerDriver? driver, DeviceSnapshot snapshot, out double score, out DeviceRejection rejection)
    {
        var policies = _pipeline.Policies;
        var weights = _pipeline.Weights;
        var sum = 0.0;
        for (var i = 0; i < policies.Length; i++)
        {
            var verdict = policies[i].Evaluate(request, snapshot);
            if (verdict.RejectionReason is { } reason)
            {
                score = 0;
                rejection = new DeviceRejection(snapshot.Device.Id, policies[i].Name, reason);
                return false;
            }

            sum += weights[i] * verdict.Score;
        }

        if (driver?.VetoDevice(request, snapshot) is { } veto)
        {
            score = 0;
            rejection = new DeviceRejection(snapshot.Device.Id, PlacementPolicyNames.Driver, veto);
            return false;
        }

        score = _pipeline.WeightSum > 0 ? sum / _pipeline.WeightSum : 0;
        rejection = null!;
        return true;
    }

    // Claims the best candidate through the store; null when every candidate failed. The candidates are addressed by
    // index (never a span held across an await): the claim may complete asynchronously with a durable store.
    private async ValueTask<PlacementResult?> TryClaimBestAsync(
        PlacementRequest request,
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

        var ordered = Order(request, driver, CollectionsMarshal.AsSpan(scratch.Candidates));
        var available = count;
        for (var i = 0; i < count; i++)
        {
            if (!ordered)
            {
                SelectBest(CollectionsMarshal.AsSpan(scratch.Candidates), i);
            }

            var candidate = scratch.Candidates[i];
            var snapshot = candidate.Snapshot;
            var score = candidate.Score;
            while (true)
            {
                var stored = await ClaimAsync(candidate.Slot.Id, claim, snapshot.Device.RevisionNumber, cancellationToken).ConfigureAwait(false);
                if (stored.Status == ClaimStatus.Claimed)
                {
                    // The cache follows the store: the claim applies to the revision the store moved from, else the
                    // cache lags (another change is still being applied, or came from another instance) and reloads.
                    if (_inventory.TryClaim(candidate.Slot, stored.DeviceRevision - 1, claim, scratch.Hints, out _) != ClaimStatus.Claimed)
                    {
                        await _sync.RefreshAsync(candidate.Slot.Id, cancellationToken).ConfigureAwait(false);
                    }

                    return Placed(request, snapshot, score, available, scratch, total);
                }

                if (stored.Status is ClaimStatus.AlreadyPlaced or ClaimStatus.AlreadyClaimed)
                {
                    // Placed already (here or on another device): a second claim is never taken, the first is untouched.
                    throw new LoadBalancerAlreadyPlacedException(request.LoadBalancerId, stored.PlacedOnDeviceId ?? candidate.Slot.Id, claim.Slot);
                }

                // The store refused: the cached snapshot was stale. Reload the device, then re-judge it or move on.
                var current = await _sync.RefreshAsync(candidate.Slot.Id, cancellationToken).ConfigureAwait(false);
                if (stored.Status == ClaimStatus.RevisionConflict && current is not null)
                {
                    scratch.Conflicts++;
                    Log.ClaimConflict(_logger, request.LoadBalancerId, current.Device.Id, snapshot.Device.RevisionNumber, stored.DeviceRevision);
                    if (scratch.Conflicts > _maxClaimRetries)
                    {
                        throw new ConcurrencyConflictException("Device", current.Device.Id, snapshot.Device.RevisionNumber, stored.DeviceRevision);
                    }

                    if (Judge(request, driver, current, out score, out var rejection))
                    {
                        snapshot = current;
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
                    scratch.Rejections.Add(new DeviceRejection(snapshot.Device.Id, PlacementPolicyNames.Capacity, reason));
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

    // Orders the candidates when the whole order matters: a random pick among the top k, or the driver's choice among
    // all of them (best first, equal scores in random order). Otherwise returns false: the claim loop then selects the
    // best remaining candidate lazily, which is usually needed once.
    private bool Order(PlacementRequest request, ILoadBalancerDriver? driver, Span<PlacementCandidate> candidates)
    {
        var driverChooses = _driverChooses && driver is not null;
        if (!driverChooses && (candidates.Length < 2 || _topK <= 1))
        {
            return false;
        }

        for (var i = 0; i < candidates.Length; i++)
        {
            candidates[i] = candidates[i] with { TieBreak = _random.Next(int.MaxValue) };
        }

        candidates.Sort(CompareCandidates);
        if (_topK > 1)
        {
            MoveToFront(candidates, _random.Next(Math.Min(_topK, candidates.Length)));
        }

        if (driverChooses)
        {
            var snapshots = new DeviceSnapshot[candidates.Length];
            for (var i = 0; i < candidates.Length; i++)
            {
                snapshots[i] = candidates[i].Snapshot;
            }

            if (driver!.ChooseDevice(request, snapshots) is { } chosen)
            {
                var index = Array.FindIndex(snapshots, s => string.Equals(s.Device.Id, chosen, StringComparison.Ordinal));
                if (index >= 0)
                {
                    MoveToFront(candidates, index);
                }
                else
                {
                    Log.DriverChoseUnknownDevice(_logger, driver.Name, chosen, request.LoadBalancerId);
                }
            }
        }

        return true;
    }

    // Moves the best of candidates[from..] to candidates[from]; equal scores are chosen among uniformly at random.
    private void SelectBest(Span<PlacementCandidate> candidates, int from)
    {
        var best = from;
        var ties = 1;
        for (var i = from + 1; i < candidates.Length; i++)
        {
            var score = candidates[i].Score;
            if (score > candidates[best].Score)
            {
                best = i;
                ties = 1;
            }
            else if (score == candidates[best].Score && _random.Next(++ties) == 0)
            {
                best = i;
            }
        }

        if (best != from)
        {
            (candidates[from], candidates[best]) = (candidates[best], candidates[from]);
        }
    }

    private PlacementResult Placed(PlacementRequest request, DeviceSnapshot snapshot, double score, int available, PlacementScratch scratch, int total)
    {
        var scoring = _pipeline.Scoring;
        var shares = new double[scoring.Length];
        for (var j = 0; j < scoring.Length; j++)
        {
            var i = scoring[j];
            shares[j] = _pipeline.WeightSum > 0 ? _pipeline.Weights[i] * _pipeline.Policies[i].Evaluate(request, snapshot).Score / _pipeline.WeightSum : 0;
        }

        return new PlacementResult
        {
            DeviceId = snapshot.Device.Id,
            Scores = new ScoreBreakdown(_pipeline.ScoringNames, shares),
            TotalScore = score,
            Rejections = scratch.Rejections.Count == 0 ? [] : scratch.Rejections.ToArray(),
            DevicesConsidered = scratch.Considered,
            DevicesAvailable = available,
            DevicesTotal = total,
            ClaimConflicts = scratch.Conflicts,
        };
    }

    private void LogDecision(PlacementRequest request, PlacementResult result)
    {
        if (result.DeviceId is { } deviceId)
        {
            Log.Placed(_logger, request.LoadBalancerId, deviceId, result, result.Scores);
        }
        else
        {
            Log.NotPlaced(_logger, request.LoadBalancerId, result, result.Rejections);
            Log.NoDevice(_logger, request.LoadBalancerId, result.Summary);
        }
    }
}
