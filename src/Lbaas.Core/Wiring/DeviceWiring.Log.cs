using Microsoft.Extensions.Logging;

namespace Lbaas.Wiring;

internal sealed partial class DeviceWiring
{
    // Only ids, hosts and addresses are logged; never the Device record (it carries credentials).
    private static partial class Log
    {
        [LoggerMessage(EventId = WiringEventIds.Wired, EventName = nameof(Wired), Level = LogLevel.Information,
            Message = "Wired load balancer {LoadBalancerId} into device {DeviceId}: VIP port {VipPortId} ({VipAddress}), {DevicePortCount} device ports, {CreatedCount} ports created.")]
        public static partial void Wired(ILogger logger, string loadBalancerId, string deviceId, string vipPortId, string vipAddress, int devicePortCount, int createdCount);

        [LoggerMessage(EventId = WiringEventIds.VipPortCreated, EventName = nameof(VipPortCreated), Level = LogLevel.Debug,
            Message = "Created VIP port {PortId} for load balancer {LoadBalancerId} on network {NetworkId} with address {VipAddress}.")]
        public static partial void VipPortCreated(ILogger logger, string portId, string loadBalancerId, string networkId, string vipAddress);

        [LoggerMessage(EventId = WiringEventIds.VipPortReused, EventName = nameof(VipPortReused), Level = LogLevel.Debug,
            Message = "Reusing VIP port {PortId} of load balancer {LoadBalancerId} ({VipAddress}).")]
        public static partial void VipPortReused(ILogger logger, string portId, string loadBalancerId, string vipAddress);

        [LoggerMessage(EventId = WiringEventIds.DevicePortCreated, EventName = nameof(DevicePortCreated), Level = LogLevel.Debug,
            Message = "Created port {PortId} of device {DeviceId} on network {NetworkId}, host {HostId}, vif type {VifType}.")]
        public static partial void DevicePortCreated(ILogger logger, string portId, string deviceId, string networkId, string hostId, string vifType);

        [LoggerMessage(EventId = WiringEventIds.DevicePortReused, EventName = nameof(DevicePortReused), Level = LogLevel.Debug,
            Message = "Reusing port {PortId} of device {DeviceId} on network {NetworkId}.")]
        public static partial void DevicePortReused(ILogger logger, string portId, string deviceId, string networkId);

        [LoggerMessage(EventId = WiringEventIds.DevicePortRehosted, EventName = nameof(DevicePortRehosted), Level = LogLevel.Information,
            Message = "Port {PortId} of device {DeviceId} is bound on host '{OldHostId}'; binding it on '{NewHostId}'.")]
        public static partial void DevicePortRehosted(ILogger logger, string portId, string deviceId, string oldHostId, string newHostId);

        [LoggerMessage(EventId = WiringEventIds.DevicePortNotBound, EventName = nameof(DevicePortNotBound), Level = LogLevel.Warning,
            Message = "Port {PortId} of device {DeviceId} on network {NetworkId} is not bound on host {HostId} (vif type {VifType}); the switch port facing the device may not be configured.")]
        public static partial void DevicePortNotBound(ILogger logger, string portId, string deviceId, string networkId, string hostId, string vifType);

        [LoggerMessage(EventId = WiringEventIds.WiringFailedRollingBack, EventName = nameof(WiringFailedRollingBack), Level = LogLevel.Warning,
            Message = "Wiring load balancer {LoadBalancerId} into device {DeviceId} failed; deleting the {CreatedCount} ports it created.")]
        public static partial void WiringFailedRollingBack(ILogger logger, string loadBalancerId, string deviceId, int createdCount, Exception exception);

        [LoggerMessage(EventId = WiringEventIds.RollbackDeleteFailed, EventName = nameof(RollbackDeleteFailed), Level = LogLevel.Error,
            Message = "Could not delete port {PortId} after a failed wiring; it is left behind.")]
        public static partial void RollbackDeleteFailed(ILogger logger, string portId, Exception exception);

        [LoggerMessage(EventId = WiringEventIds.Unwired, EventName = nameof(Unwired), Level = LogLevel.Information,
            Message = "Unwired load balancer {LoadBalancerId} from device {DeviceId}: {DeletedCount} ports deleted, {ReleasedNetworkCount} networks released.")]
        public static partial void Unwired(ILogger logger, string loadBalancerId, string deviceId, int deletedCount, int releasedNetworkCount);

        [LoggerMessage(EventId = WiringEventIds.PortDeleted, EventName = nameof(PortDeleted), Level = LogLevel.Debug,
            Message = "Deleted port {PortId}.")]
        public static partial void PortDeleted(ILogger logger, string portId);

        [LoggerMessage(EventId = WiringEventIds.PortAlreadyGone, EventName = nameof(PortAlreadyGone), Level = LogLevel.Debug,
            Message = "Port {PortId} was already deleted.")]
        public static partial void PortAlreadyGone(ILogger logger, string portId);

        [LoggerMessage(EventId = WiringEventIds.VipPortIdNotOwned, EventName = nameof(VipPortIdNotOwned), Level = LogLevel.Warning,
            Message = "Port {PortId} named as the VIP port of load balancer {LoadBalancerId} belongs to '{DeviceOwner}' device '{DeviceId}'; it is neither reused nor deleted.")]
        public static partial void VipPortIdNotOwned(ILogger logger, string portId, string loadBalancerId, string deviceOwner, string deviceId);

        [LoggerMessage(EventId = WiringEventIds.UnwireDeleteFailed, EventName = nameof(UnwireDeleteFailed), Level = LogLevel.Error,
            Message = "Could not delete port {PortId} while unwiring.")]
        public static partial void UnwireDeleteFailed(ILogger logger, string portId, Exception exception);
    }
}
