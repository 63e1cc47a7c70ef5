using System.Text.Json;
using Lbaas.Agents;
using Lbaas.Devices;
using Lbaas.Diagnostics;
using Lbaas.Placement;
using Lbaas.Storage;
using Lbaas.Wiring;
using Microsoft.Extensions.Logging;
using Ml2.Exceptions;
using Ml2.Resilience;

namespace Lbaas.Service;

/// <summary>
/// Where a load balancer comes to be and becomes ACTIVE, read top to bottom. A create runs four steps, each with its
/// compensation (Octavia's create flow, a taskflow with reverts), then the agents run the driver and step five applies
/// their outcome:
/// <list type="number">
/// <item><see cref="PlaceAsync"/>: a capacity claim on one device (two for ACTIVE_STANDBY). Reverts: every claim taken
/// is released (and the device unwired).</item>
/// <item><see cref="StoreAsync"/>: the load balancer, PENDING_CREATE, and its placement record in one store unit.
/// Reverts: the claims are released.</item>
/// <item><see cref="WireAsync"/>: the VIP port and the devices' ports through ML2. Reverts: claims released, devices
/// unwired, the load balancer ERROR on no device.</item>
/// <item><see cref="AgentJobs.SubmitAsync"/>: one operation per device to the agent that owns it; the agents call the
/// driver and report to the <see cref="OperationLedger"/>, which raises the finished job.</item>
/// <item><see cref="CompleteAsync"/> (through <see cref="StatusReporter"/>): ACTIVE, or ERROR with the claims and ports
/// given back; after a delete, unwired, released and gone.</item>
/// </list>
/// Input checks come first, in <c>LoadBalancerService.CreateLoadBalancerAsync</c>.
/// </summary>
internal sealed partial class LoadBalancerLifecycle
{
    private readonly IDeviceScheduler _scheduler;
    private readonly IDeviceWiring _wiring;
    private readonly IDeviceRegistry _registry;
    private readonly DeviceReleaser _devices;
    private readonly ILbaasObjectStore _store;
    private readonly AgentJobs _jobs;
    private readonly TimeProvider _time;
    private readonly ILogger<LoadBalancerLifecycle> _logger;
    private readonly ConflictRetry _retry;

    public LoadBalancerLifecycle(
        IDeviceScheduler scheduler,
        IDeviceWiring wiring,
        IDeviceRegistry registry,
        DeviceReleaser devices,
        ILbaasObjectStore store,
        AgentJobs jobs,
        TimeProvider time,
        ILogger<LoadBalancerLifecycle> logger,
        ConflictRetry retry)
    {
        _scheduler = scheduler;
        _wiring = wiring;
        _registry = registry;
        _devices = devices;
        _store = store;
        _jobs = jobs;
        _time = time;
        _logger = logger;
        _retry = retry;
    }

    /// <summary>
    /// Creates a validated load balancer (PENDING_CREATE, on no device yet): place, store, wire, submit. Returns it as
    /// stored, wired and handed to the agents; it becomes ACTIVE or ERROR in <see cref="CompleteAsync"/>.
    /// </summary>
    public async ValueTask<LoadBalancer> CreateAsync(LoadBalancer pending, IReadOnlyDictionary<string, JsonElement> metadata, CancellationToken cancellationToken)
    {
        var placements = await PlaceAsync(pending, metadata, cancellationToken).ConfigureAwait(false);
        var lb = await StoreAsync(pending with { DeviceIds = [.. placements.Select(p => p.DeviceId!)] }, placements).ConfigureAwait(false);
        Log.LoadBalancerOnDevices(_logger, lb.Id, lb.Provider, lb.Topology, lb.DeviceIds);
        lb = await WireAsync(lb, cancellationToken).ConfigureAwait(false);
        await _jobs.SubmitAsync(AgentOperationAction.Create, lb, lb, null, lb.Id, cancellationToken).ConfigureAwait(false);
        return lb;
    }

    /// <summary>
    /// Places the load balancer: one device, or two for ACTIVE_STANDBY, the second avoiding the first device and its
    /// cluster (anti-affinity). Nothing fits: every claim taken so far is released and <see cref="NoEligibleDeviceException"/> thrown.
    /// </summary>
    private async ValueTask<IReadOnlyList<PlacementResult>> PlaceAsync(LoadBalancer lb, IReadOnlyDictionary<string, JsonElement> metadata, CancellationToken cancellationToken)
    {
        var count = lb.Topology == LoadBalancerTopologies.ActiveStandby ? 2 : 1;
        var results = new List<PlacementResult>(count);
        var claimed = new List<string>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var avoidClusters = claimed.Select(d => _registry.Find(d)?.ClusterId).OfType<string>().ToHashSet(StringComparer.Ordinal);
                var request = new PlacementRequest
                {
                    LoadBalancerId = lb.Id,
                    TenantId = lb.TenantId,
                    Provider = lb.Provider,
                    FlavorMetadata = metadata,
                    VipNetworkId = lb.VipNetworkId,
                    MemberNetworkId = lb.MemberNetworkId,
                    Topology = lb.Topology,
                    AvoidDeviceIds = claimed.ToHashSet(StringComparer.Ordinal),
                    AvoidClusterIds = avoidClusters,
                };
                var claim = new LoadBalancerClaim(lb.Id, lb.TenantId, lb.VipNetworkId, lb.MemberNetworkId, null) { Slot = i };
                var result = await _scheduler.ScheduleAsync(request, claim, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                if (!result.Succeeded)
                {
                    throw new NoEligibleDeviceException(lb.Id, result, results);
                }

                claimed.Add(result.DeviceId!);
            }
        }
        catch
        {
            // Released *and* unwired, although nothing was wired for it yet: while the claim was held, another load
            // balancer leaving the device kept the device's port on our networks for it (see DeviceReleaser).
            await _devices.UnwireAndReleaseAsync(lb, claimed).ConfigureAwait(false);
            throw;
        }

        return results;
    }

    /// <summary>Inserts the placed load balancer and its placement record; on failure its claims are given back.</summary>
    private async ValueTask<LoadBalancer> StoreAsync(LoadBalancer lb, IReadOnlyList<PlacementResult> placements)
    {
        try
        {
            var placed = lb;
            lb = await _store.WriteAsync(
                async w =>
                {
                    var stored = await w.LoadBalancers.AddAsync(placed).ConfigureAwait(false);
                    await w.Placements.AddAsync(new LoadBalancerPlacementRecord(placed.Id, placements)).ConfigureAwait(false);
                    return stored;
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            await _devices.UnwireAndReleaseAsync(lb, lb.DeviceIds).ConfigureAwait(false);
            throw;
        }

        return lb;
    }

    /// <summary>
    /// Wires every device of the load balancer and records the VIP port and address. On failure: every claim is
    /// released and every device unwired, the load balancer is ERROR on no device (so deleting it needs no
    /// agent), and a <see cref="LoadBalancerWiringException"/> is thrown (Octavia's create flow reverts to ERROR).
    /// </summary>
    private async ValueTask<LoadBalancer> WireAsync(LoadBalancer lb, CancellationToken cancellationToken)
    {
        var wired = new List<string>(lb.DeviceIds.Count);
        var current = lb.DeviceIds.Count > 0 ? lb.DeviceIds[0] : "";
        WiringResult? first = null;
        try
        {
            foreach (var deviceId in lb.DeviceIds)
            {
                current = deviceId;
                var device = _registry.Find(deviceId) ?? throw new ResourceNotFoundException("Device", deviceId);
                var target = first is null ? lb : lb with { VipPortId = first.VipPortId, VipAddress = first.VipAddress };
                WiringResult result;
                using (var activity = LbaasTracing.StartWiring(deviceId, lb.Id))
                {
                    try
                    {
                        result = await _wiring.WireAsync(device, target, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (LbaasTracing.Failed(activity, ex))
                    {
                        throw;
                    }
                }

                wired.Add(deviceId);
                first ??= result;
                if (result.UnboundDevicePortIds.Count > 0)
                {
                    Log.DevicePortsUnbound(_logger, lb.Id, deviceId, result.UnboundDevicePortIds);
                }
            }

            var wiring = first;
            if (wiring is not null)
            {
                foreach (var deviceId in wired)
                {
                    await _registry.RecordVipAddressAsync(deviceId, lb.Id, wiring.VipAddress, CancellationToken.None).ConfigureAwait(false);
                }
            }

            return await _store.WriteWithRetryAsync(
                _retry,
                async w =>
                {
                    var stored = await w.LoadBalancers.FindAsync(lb.Id).ConfigureAwait(false) ?? throw new ResourceNotFoundException("Load Balancer", lb.Id);
                    return wiring is null ? stored : await w.LoadBalancers.UpdateAsync(stored with { VipPortId = wiring.VipPortId, VipAddress = wiring.VipAddress }).ConfigureAwait(false);
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.WiringFailed(_logger, lb.Id, current, ex);
            // Each claim is released before its device is unwired (as on delete): a load balancer on the same device and
            // network deleted meanwhile then cannot keep the device port for this claim while this one keeps it for that.
            // Every device is unwired, not only those wired completely: the one whose wiring failed may have reused a
            // device port that another load balancer, leaving meanwhile, kept for this one's claim.
            var givenBack = await _devices.UnwireAndReleaseAsync(lb, lb.DeviceIds).ConfigureAwait(false);

            // ERROR on no device and without a VIP port once the claims and ports are given back; when that failed
            // (logged), it keeps them so that its delete tries again.
            var now = _time.GetUtcNow();
            await _store.WriteWithRetryAsync(
                _retry,
                async w => await w.LoadBalancers.FindAsync(lb.Id).ConfigureAwait(false) is { } stored
                    ? await w.LoadBalancers.UpdateAsync(stored with
                    {
                        ProvisioningStatus = ProvisioningStatus.Error,
                        OperatingStatus = OperatingStatus.Offline,
                        DeviceIds = givenBack ? [] : stored.DeviceIds,
                        VipPortId = givenBack ? null : stored.VipPortId,
                        UpdatedAt = now,
                    }).ConfigureAwait(false)
                    : null,
                CancellationToken.None).ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new LoadBalancerWiringException(lb.Id, current, ex);
        }
    }

    /// <summary>
    /// Step five: applies a finished job of the load balancer itself, if it is still in the PENDING_* status the job
    /// set (<paramref name="expected"/>). Success: ACTIVE (a delete: unwired, released and removed). Failure: ERROR with
    /// its PENDING_* children; a failed create also gives back its claims and ports and then lies on no device.
    /// </summary>
    public async ValueTask CompleteAsync(OperationJob job, string expected, CancellationToken cancellationToken)
    {
        var lb = await _store.LoadBalancers.FindAsync(job.ObjectId, cancellationToken).ConfigureAwait(false);
        if (lb is null || lb.ProvisioningStatus != expected)
        {
            StatusLog.StaleCompletion(_logger, job.Action, job.ObjectType, job.ObjectId, expected, lb?.ProvisioningStatus ?? ProvisioningStatus.Deleted);
            return;
        }

        if (job.Succeeded && job.Action == AgentOperationAction.Delete)
        {
            await _devices.UnwireAndReleaseAsync(lb, lb.DeviceIds).ConfigureAwait(false);
            var removed = await _store.WriteWithRetryAsync(
                _retry,
                async w =>
                {
                    if (await ObjectGraph.StatusOfAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id).ConfigureAwait(false) != expected)
                    {
                        return false;
                    }

                    await ObjectGraph.RemoveAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id).ConfigureAwait(false);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);
            if (removed)
            {
                StatusLog.ObjectDeleted(_logger, job.ObjectType, lb.Id, ProvisioningStatus.Deleted);
            }

            return;
        }

        var now = _time.GetUtcNow();
        var applied = await _store.WriteWithRetryAsync(
            _retry,
            async w =>
            {
                if (await ObjectGraph.StatusOfAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id).ConfigureAwait(false) != expected)
                {
                    return false;
                }

                if (job.Succeeded)
                {
                    var operating = await ObjectGraph.OperatingOnSuccessAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id).ConfigureAwait(false);
                    await ObjectGraph.SetStatusAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id, ProvisioningStatus.Active, operating, now).ConfigureAwait(false);
                    return true;
                }

                await ObjectGraph.SetStatusAsync(w, LoadBalancerObjectType.LoadBalancer, lb.Id, ProvisioningStatus.Error, OperatingStatus.Offline, now).ConfigureAwait(false);
                foreach (var (type, id, status) in await ObjectGraph.ChildrenOfAsync(w, lb.Id).ConfigureAwait(false))
                {
                    if (ProvisioningStatus.IsPending(status))
                    {
                        await ObjectGraph.SetStatusAsync(w, type, id, ProvisioningStatus.Error, OperatingStatus.Offline, now).ConfigureAwait(false);
                    }
                }

                return true;
            },
            cancellationToken).ConfigureAwait(false);
        if (!applied)
        {
            StatusLog.StaleCompletion(_logger, job.Action, job.ObjectType, job.ObjectId, expected, "changed");
            return;
        }

        if (job.Succeeded)
        {
            StatusLog.ObjectActive(_logger, job.Action, job.ObjectType, lb.Id);
            return;
        }

        StatusLog.ObjectFailed(_logger, job.Action, job.ObjectType, lb.Id, lb.Provider, string.Join("; ", job.Errors));
        if (job.Action == AgentOperationAction.Create)
        {
            // Octavia's create flow reverts to ERROR and gives back what it took: the claim and the ports. Once they are
            // gone the load balancer is on no device and has no VIP port (deleting it then needs no agent); when giving
            // back failed, it keeps them so that its delete tries again.
            if (await _devices.UnwireAndReleaseAsync(lb, lb.DeviceIds).ConfigureAwait(false))
            {
                await ForgetPlacementAsync(lb.Id, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Clears the devices and VIP port of a load balancer still in ERROR whose claims and ports were given back.</summary>
    private async ValueTask ForgetPlacementAsync(string loadBalancerId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await _store.WriteWithRetryAsync(
            _retry,
            async w => await w.LoadBalancers.FindAsync(loadBalancerId).ConfigureAwait(false) is { ProvisioningStatus: ProvisioningStatus.Error } stored
                ? await w.LoadBalancers.UpdateAsync(stored with { DeviceIds = [], VipPortId = null, UpdatedAt = now }).ConfigureAwait(false)
                : null,
            cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.LoadBalancerOnDevices, EventName = nameof(LoadBalancerOnDevices), Level = LogLevel.Information,
            Message = "Load balancer '{LoadBalancerId}' (provider '{Provider}', {Topology}) placed on device(s) {DeviceIds}.")]
        public static partial void LoadBalancerOnDevices(ILogger logger, string loadBalancerId, string provider, string topology, IReadOnlyList<string> deviceIds);

        [LoggerMessage(EventId = ServiceEventIds.WiringFailed, EventName = nameof(WiringFailed), Level = LogLevel.Error,
            Message = "Wiring load balancer '{LoadBalancerId}' into device '{DeviceId}' failed; releasing its claims, it is ERROR.")]
        public static partial void WiringFailed(ILogger logger, string loadBalancerId, string deviceId, Exception exception);

        [LoggerMessage(EventId = ServiceEventIds.DevicePortsUnbound, EventName = nameof(DevicePortsUnbound), Level = LogLevel.Warning,
            Message = "Load balancer '{LoadBalancerId}': no mechanism driver bound the ports {PortIds} of device '{DeviceId}'; the switch ports facing it may not be configured.")]
        public static partial void DevicePortsUnbound(ILogger logger, string loadBalancerId, string deviceId, IReadOnlyList<string> portIds);
    }
}
