using Lbaas.Devices;
using Lbaas.Placement;
using Lbaas.Storage;
using Lbaas.Wiring;
using Microsoft.Extensions.Logging;
using Lbaas;

namespace Lbaas.Service;

/// <summary>
/// Undoes a placement on one device: unwires the load balancer (its VIP port, and the device's ports on networks no
/// other load balancer of the device uses) and releases its capacity claim. Failures are logged, never thrown: this
/// runs after a delete succeeded or while compensating another error (Neutron's delete-postcommit rule).
/// </summary>
/// <remarks>
/// <para>
/// <b>Every released claim is followed by an unwire of the device</b>, also when the load balancer never got wired
/// there (a placement rolled back, a failed insert or wiring). The device's ports on a network are removed only by
/// the unwire that finds no other claim on the network, and that unwire runs under the device's wiring lease in the
/// state store, after its own release, so of all the load balancers leaving a device the last one to unwire removes
/// the port. A claim released without that unwire breaks it: another load balancer leaving the device while the
/// claim was held saw it, kept the device port for it, and nobody removed the port afterwards (the device port that
/// leaked in the two-controller test: an ACTIVE_STANDBY placement whose standby found no device gave its first claim
/// back without unwiring).
/// </para>
/// <para>
/// Which networks the device still needs is read from the state store's claims, not from this instance's device cache:
/// other controller instances place load balancers on the same devices, and their claims reach this cache only on a
/// reload, so the cache could call a device port unused (and delete it under another instance's load balancer) or
/// still used (and leave it behind forever).
/// </para>
/// </remarks>
internal sealed partial class DeviceReleaser(IDeviceRegistry registry, IDeviceWiring wiring, IDeviceScheduler scheduler, IDeviceStore store, ILogger<DeviceReleaser> logger)
{
    /// <summary>Unwires <paramref name="loadBalancer"/> from a device.</summary>
    /// <returns>False when unwiring failed (logged; some of its ports may remain).</returns>
    public async ValueTask<bool> UnwireAsync(LoadBalancer loadBalancer, string deviceId)
    {
        try
        {
            // The store is asked when this instance's cache does not know the device (yet): its ports must go anyway.
            var device = registry.Find(deviceId) ?? (await store.FindDeviceStateAsync(deviceId).ConfigureAwait(false))?.Device;
            if (device is null)
            {
                Log.UnwireDeviceGone(logger, loadBalancer.Id, deviceId);
                return true;
            }

            // Read the claims once the device's wiring is held: a claim another instance commits before it wires is seen.
            await wiring.UnwireAsync(device, loadBalancer, async ct =>
            {
                var stillUsed = new HashSet<string>(StringComparer.Ordinal);
                var claims = (await store.FindDeviceStateAsync(deviceId, ct).ConfigureAwait(false))?.Claims ?? registry.ClaimsOf(deviceId);
                foreach (var claim in claims.Where(c => c.LoadBalancerId != loadBalancer.Id))
                {
                    stillUsed.Add(claim.VipNetworkId);
                    if (claim.MemberNetworkId is { } member)
                    {
                        stillUsed.Add(member);
                    }
                }

                return stillUsed;
            }, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            Log.UnwireFailed(logger, loadBalancer.Id, deviceId, ex);
            return false;
        }
    }

    /// <summary>Releases <paramref name="loadBalancer"/>'s claim on a device.</summary>
    /// <returns>False when releasing failed (logged; the claim may remain).</returns>
    public async ValueTask<bool> ReleaseAsync(LoadBalancer loadBalancer, string deviceId)
    {
        try
        {
            await scheduler.ReleaseAsync(deviceId, loadBalancer.Id, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
        {
            Log.ReleaseFailed(logger, loadBalancer.Id, deviceId, ex);
            return false;
        }
    }

    /// <summary>
    /// Releases the load balancer's claim on every one of <paramref name="deviceIds"/>, then unwires it there. Release
    /// comes first so that two load balancers sharing a device network and deleted at the same time (by one instance or
    /// two) cannot each see the other's claim and both keep the device port: whichever unwires last sees no claim left.
    /// </summary>
    /// <returns>True when every claim was released and every device unwired; false when any step failed (logged).</returns>
    public async ValueTask<bool> UnwireAndReleaseAsync(LoadBalancer loadBalancer, IEnumerable<string> deviceIds)
    {
        var done = true;
        foreach (var deviceId in deviceIds)
        {
            done &= await ReleaseAsync(loadBalancer, deviceId).ConfigureAwait(false);
            done &= await UnwireAsync(loadBalancer, deviceId).ConfigureAwait(false);
        }

        return done;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.UnwireFailed, EventName = nameof(UnwireFailed), Level = LogLevel.Error,
            Message = "Unwiring load balancer '{LoadBalancerId}' from device '{DeviceId}' failed; its ports may remain.")]
        public static partial void UnwireFailed(ILogger logger, string loadBalancerId, string deviceId, Exception exception);

        [LoggerMessage(EventId = ServiceEventIds.UnwireDeviceGone, EventName = nameof(UnwireDeviceGone), Level = LogLevel.Warning,
            Message = "Load balancer '{LoadBalancerId}' was not unwired from device '{DeviceId}': no such device.")]
        public static partial void UnwireDeviceGone(ILogger logger, string loadBalancerId, string deviceId);

        [LoggerMessage(EventId = ServiceEventIds.ReleaseFailed, EventName = nameof(ReleaseFailed), Level = LogLevel.Error,
            Message = "Releasing the claim of load balancer '{LoadBalancerId}' on device '{DeviceId}' failed.")]
        public static partial void ReleaseFailed(ILogger logger, string loadBalancerId, string deviceId, Exception exception);
    }
}
