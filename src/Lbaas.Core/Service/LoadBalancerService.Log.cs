using Microsoft.Extensions.Logging;

namespace Lbaas.Service;

internal sealed partial class LoadBalancerService
{
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
