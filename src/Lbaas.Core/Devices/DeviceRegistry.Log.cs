using Microsoft.Extensions.Logging;
using Lbaas;

namespace Lbaas.Devices;

internal sealed partial class DeviceRegistry
{
    // Event ids 2000-2099: device registry. Messages carry ids, counts and field names, never a credential.
    private static partial class Log
    {
        [LoggerMessage(EventId = 2000, EventName = "DeviceOnboarded", Level = LogLevel.Information,
            Message = "Device '{DeviceId}' on-boarded: provider '{Provider}', {Kind}, host '{HostId}', {MaxVips} VIPs, {MaxNetworks} networks, {Owner}.")]
        public static partial void Onboarded(ILogger logger, string deviceId, string provider, DeviceKind kind, string hostId, int maxVips, int maxNetworks, string owner);

        [LoggerMessage(EventId = 2001, EventName = "DeviceUpdated", Level = LogLevel.Information,
            Message = "Device '{DeviceId}' changed ({Fields}); now at revision {Revision}.")]
        public static partial void Updated(ILogger logger, string deviceId, long revision, IEnumerable<string> fields);

        [LoggerMessage(EventId = 2002, EventName = "DeviceRemoved", Level = LogLevel.Information,
            Message = "Device '{DeviceId}' removed.")]
        public static partial void Removed(ILogger logger, string deviceId);

        [LoggerMessage(EventId = 2003, EventName = "DeviceRemovalRefused", Level = LogLevel.Warning,
            Message = "Device '{DeviceId}' was not removed: it hosts {LoadBalancerCount} load balancer(s).")]
        public static partial void RemovalRefused(ILogger logger, string deviceId, int loadBalancerCount);

        [LoggerMessage(EventId = 2004, EventName = "DeviceAgentAssigned", Level = LogLevel.Information,
            Message = "Device '{DeviceId}' assigned to agent '{AgentId}' (revision {Revision}).")]
        public static partial void AgentAssigned(ILogger logger, string deviceId, string agentId, long revision);

        [LoggerMessage(EventId = 2005, EventName = "ClaimReleased", Level = LogLevel.Debug,
            Message = "Claim of load balancer '{LoadBalancerId}' on device '{DeviceId}' released: {Released}.")]
        public static partial void Released(ILogger logger, string loadBalancerId, string deviceId, bool released);
    }
}
