using System.Collections.Frozen;
using System.Diagnostics;
using Lbaas.Devices;
using Lbaas.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ml2;
using Lbaas;

namespace Lbaas.Placement;

/// <summary>
/// Places load balancers on devices, in four visible steps: <see cref="CandidateSearch"/> finds the devices to judge
/// (through the cache's indexes on large fleets, every device otherwise or when that finds nothing) and judges each
/// through the <see cref="PlacementPipeline"/> (the policies, then the driver's veto); <see cref="CandidateRanking"/>
/// orders the candidates; <see cref="ClaimLoop"/> claims the best through the state store, re-judging a device that
/// changed meanwhile. When nothing fits and the provider can spawn devices, provisioning is the outer step
/// (<c>DeviceScheduler.Provisioning.cs</c>): provision a device, then place again.
/// </summary>
/// <remarks>
/// Policies are pure and synchronous over the cache's snapshots; the only awaits are the store's claim (synchronous
/// with the in-memory store), the provisioner's and the registry's.
/// </remarks>
internal sealed partial class DeviceScheduler : IDeviceScheduler
{
    private readonly DeviceCache _cache;
    private readonly CandidateSearch _search;
    private readonly ClaimLoop _claims;
    private readonly IDeviceRegistry _registry;
    private readonly FrozenDictionary<string, IDeviceProvisioner[]> _provisioners;
    private readonly ILogger<DeviceScheduler> _logger;
    private readonly IProviderCatalog? _catalog;
    private readonly LbaasMetrics _metrics;
    private readonly bool _allowProvisioning;

    public DeviceScheduler(
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
        ArgumentNullException.ThrowIfNull(sync);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(provisioners);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        var errors = new List<string>();
        var pipeline = PlacementPipeline.Build(settings, policies, errors)
            ?? throw new OptionsValidationException(Options.DefaultName, typeof(PlacementOptions), errors);
        _cache = sync.Cache;
        _search = new CandidateSearch(_cache, pipeline, random, settings.MinFeasibleDevices);
        var ranking = new CandidateRanking(random, settings.TopK, settings.DriverChoosesDevice, logger);
        _claims = new ClaimLoop(sync, _search, pipeline, ranking, settings.MaxClaimRetries, logger);
        _registry = registry;
        _logger = logger;
        _catalog = catalog;
        _metrics = metrics ?? new LbaasMetrics();
        _allowProvisioning = settings.AllowProvisioning;
        _provisioners = provisioners
            .Where(p => !string.IsNullOrWhiteSpace(p.Provider))
            .GroupBy(p => p.Provider.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.Distinct().ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    public async ValueTask<PlacementResult> ScheduleAsync(PlacementRequest request, CancellationToken cancellationToken = default)
    {
        Validate(request);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = LbaasTracing.StartPlacement(request);
        var start = _metrics.TimesPlacements ? Stopwatch.GetTimestamp() : 0;
        try
        {
            var result = await ScheduleCoreAsync(request, cancellationToken).ConfigureAwait(false);
            _metrics.PlacementDecided(result, start);
            LbaasTracing.Decided(activity, result);
            return result;
        }
        catch (Exception ex) when (LbaasTracing.Failed(activity, ex))
        {
            throw;
        }
    }

    private async ValueTask<PlacementResult> ScheduleCoreAsync(PlacementRequest request, CancellationToken cancellationToken)
    {
        var claim = new LoadBalancerClaim(request.LoadBalancerId, request.TenantId, request.VipNetworkId, request.MemberNetworkId, request.VipAddress) { Slot = request.Slot };
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

    private static void Validate(PlacementRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.LoadBalancerId, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.TenantId, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Provider, nameof(request));
        ArgumentException.ThrowIfNullOrWhiteSpace(request.VipNetworkId, nameof(request));
        ArgumentOutOfRangeException.ThrowIfNegative(request.Slot, nameof(request));
    }

    // One placement: the bounded search and its claim, then (nothing claimed) every device and its claim.
    private async ValueTask<PlacementResult> PlaceAsync(PlacementRequest request, LoadBalancerClaim claim, ILoadBalancerDriver? driver, CancellationToken cancellationToken)
    {
        var scratch = PlacementScratch.Rent();
        try
        {
            var total = _cache.Count;
            PlacementResult? result;
            _search.Start(request, scratch);
            if (_search.UsesIndexes(total))
            {
                _search.Bounded(driver, scratch);
                result = await _claims.TryClaimBestAsync(claim, driver, scratch, total, cancellationToken).ConfigureAwait(false);
                if (result is not null)
                {
                    return result;
                }

                Log.FullScan(_logger, request.LoadBalancerId, scratch.Considered, total);
                scratch.StartPass();
                _search.Start(request, scratch);
            }

            _search.Full(driver, scratch);
            result = await _claims.TryClaimBestAsync(claim, driver, scratch, total, cancellationToken).ConfigureAwait(false);
            return result ?? new PlacementResult
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
