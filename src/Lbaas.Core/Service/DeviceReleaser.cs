using Lbaas.Devices;
using Lbaas.Placement;
using Lbaas.Wiring;
using Microsoft.Extensions.Logging;
using Ml2.Lbaas;

namespace Lbaas.Service;

/// <summary>
/// Undoes a placement on one device: unwires the load balancer (its VIP port, and the device's ports on networks no
/// other load balancer of the device uses) and releases its capacity claim. Failures are logged, never thrown: this
/// runs after a delete succeeded or while compensating another error (Neutron's delete-postcommit rule).
/// </summary>
internal sealed partial class DeviceReleaser(IDeviceRegistry registry, IDeviceWiring wiring, IDeviceScheduler scheduler, ILogger<DeviceReleaser> logger)
{
    /// <summary>Unwires <paramref name="loadBalancer"/> from a device.</summary>
    public async ValueTask UnwireAsync(LoadBalancer loadBalancer, string deviceId)
    {
        var device = registry.Find(deviceId);
        if (device is null)
        {
            return;
        }

        try
        {
            var stillUsed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var claim in registry.ClaimsOf(deviceId).Where(c => c.LoadBalancerId != loadBalancer.Id))
            {
                stillUsed.Add(claim.VipNetworkId);
                if (claim.MemberNetworkId is { } member)
                {
                    stillUsed.Add(member);
                }
            }

            await wiring.UnwireAsync(device, loadBalancer, stillUsed, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.UnwireFailed(logger, loadBalancer.Id, deviceId, ex);
        }
    }

    /// <summary>Releases <paramref name="loadBalancer"/>'s claim on a device.</summary>
    public async ValueTask ReleaseAsync(LoadBalancer loadBalancer, string deviceId)
    {
        try
        {
            await scheduler.ReleaseAsync(deviceId, loadBalancer.Id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.ReleaseFailed(logger, loadBalancer.Id, deviceId, ex);
        }
    }

    /// <summary>Unwires and releases the load balancer on every one of <paramref name="deviceIds"/>.</summary>
    public async ValueTask UnwireAndReleaseAsync(LoadBalancer loadBalancer, IEnumerable<string> deviceIds)
    {
        foreach (var deviceId in deviceIds)
        {
            await UnwireAsync(loadBalancer, deviceId).ConfigureAwait(false);
            await ReleaseAsync(loadBalancer, deviceId).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ServiceEventIds.UnwireFailed, EventName = nameof(UnwireFailed), Level = LogLevel.Error,
            Message = "Unwiring load balancer '{LoadBalancerId}' from device '{DeviceId}' failed; its ports may remain.")]
        public static partial void UnwireFailed(ILogger logger, string loadBalancerId, string deviceId, Exception exception);

        [LoggerMessage(EventId = ServiceEventIds.ReleaseFailed, EventName = nameof(ReleaseFailed), Level = LogLevel.Error,
            Message = "Releasing the claim of load balancer '{LoadBalancerId}' on device '{DeviceId}' failed.")]
        public static partial void ReleaseFailed(ILogger logger, string loadBalancerId, string deviceId, Exception exception);
    }
}
