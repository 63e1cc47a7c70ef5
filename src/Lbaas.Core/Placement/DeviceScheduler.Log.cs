using Microsoft.Extensions.Logging;

namespace Lbaas.Placement;

internal sealed partial class DeviceScheduler
{
    // Event ids 2100-2199: scheduler and its pipeline steps (they log under the scheduler's category); 2200-2299:
    // provisioning. Debug messages are formatted only when enabled (a result prints as its summary, which is derived
    // only then). 2106 (ClaimReleased) moved to the registry as 2005 with the release.
    internal static partial class Log
    {
        [LoggerMessage(EventId = 2100, EventName = "LoadBalancerPlaced", Level = LogLevel.Debug,
            Message = "Load balancer '{LoadBalancerId}' placed on device '{DeviceId}': {Summary}. Scores: {Scores}.")]
        public static partial void Placed(ILogger logger, string loadBalancerId, string deviceId, PlacementResult summary, IEnumerable<KeyValuePair<string, double>> scores);

        [LoggerMessage(EventId = 2101, EventName = "LoadBalancerNotPlaced", Level = LogLevel.Debug,
            Message = "Load balancer '{LoadBalancerId}' not placed: {Summary}. Rejections: {Rejections}.")]
        public static partial void NotPlaced(ILogger logger, string loadBalancerId, PlacementResult summary, IEnumerable<DeviceRejection> rejections);

        [LoggerMessage(EventId = 2102, EventName = "NoDeviceForLoadBalancer", Level = LogLevel.Warning,
            Message = "No device can take load balancer '{LoadBalancerId}': {Summary}.")]
        public static partial void NoDevice(ILogger logger, string loadBalancerId, string summary);

        [LoggerMessage(EventId = 2103, EventName = "ClaimConflict", Level = LogLevel.Debug,
            Message = "Claim for load balancer '{LoadBalancerId}' on device '{DeviceId}' lost a race (expected revision {ExpectedRevision}, found {ActualRevision}); judging the device again.")]
        public static partial void ClaimConflict(ILogger logger, string loadBalancerId, string deviceId, long expectedRevision, long actualRevision);

        [LoggerMessage(EventId = 2104, EventName = "FullScan", Level = LogLevel.Debug,
            Message = "No device among the {Considered} searched fits load balancer '{LoadBalancerId}'; judging all {Total} devices.")]
        public static partial void FullScan(ILogger logger, string loadBalancerId, int considered, int total);

        [LoggerMessage(EventId = 2105, EventName = "DriverChoseUnknownDevice", Level = LogLevel.Warning,
            Message = "Driver '{DriverName}' chose device '{DeviceId}' for load balancer '{LoadBalancerId}', which is not among the candidates; keeping the scheduler's choice.")]
        public static partial void DriverChoseUnknownDevice(ILogger logger, string driverName, string deviceId, string loadBalancerId);

        [LoggerMessage(EventId = 2200, EventName = "Provisioning", Level = LogLevel.Information,
            Message = "Asking the provisioner of provider '{Provider}' for a device for load balancer '{LoadBalancerId}' ({Summary}).")]
        public static partial void Provisioning(ILogger logger, string loadBalancerId, string provider, string summary);

        [LoggerMessage(EventId = 2201, EventName = "DeviceProvisioned", Level = LogLevel.Information,
            Message = "Device '{DeviceId}' provisioned for provider '{Provider}' (load balancer '{LoadBalancerId}').")]
        public static partial void Provisioned(ILogger logger, string deviceId, string provider, string loadBalancerId);

        [LoggerMessage(EventId = 2202, EventName = "ProvisionerReturnedNothing", Level = LogLevel.Warning,
            Message = "The provisioner of provider '{Provider}' made no device for load balancer '{LoadBalancerId}'.")]
        public static partial void ProvisionerReturnedNothing(ILogger logger, string provider, string loadBalancerId);

        [LoggerMessage(EventId = 2203, EventName = "ProvisionerFailed", Level = LogLevel.Error,
            Message = "The provisioner of provider '{Provider}' failed for load balancer '{LoadBalancerId}'.")]
        public static partial void ProvisionerFailed(ILogger logger, Exception exception, string provider, string loadBalancerId);

        [LoggerMessage(EventId = 2204, EventName = "ProvisionedDeviceRejected", Level = LogLevel.Error,
            Message = "The device '{DeviceId}' provisioned for provider '{Provider}' was refused by the registry.")]
        public static partial void ProvisionedDeviceRejected(ILogger logger, Exception exception, string provider, string deviceId);
    }
}
