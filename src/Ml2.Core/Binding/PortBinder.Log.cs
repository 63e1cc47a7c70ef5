using Microsoft.Extensions.Logging;
using Ml2.Diagnostics;

namespace Ml2.Binding;

internal sealed partial class PortBinder
{
    private static partial class Log
    {
        [LoggerMessage(EventId = Ml2EventIds.BindingDriverFailed, EventName = nameof(BindingDriverFailed), Level = LogLevel.Error,
            Message = "Mechanism driver '{DriverName}' failed in bind_port for port '{PortId}'; trying the next driver.")]
        public static partial void BindingDriverFailed(ILogger logger, string driverName, string portId, Exception exception);

        [LoggerMessage(EventId = Ml2EventIds.BindingFailed, EventName = nameof(BindingFailed), Level = LogLevel.Warning,
            Message = "Failed to bind port '{PortId}' on host '{HostId}': no mechanism driver bound it.")]
        public static partial void BindingFailed(ILogger logger, string portId, string hostId);

        [LoggerMessage(EventId = Ml2EventIds.BindingMaxLevels, EventName = nameof(MaxLevelsReached), Level = LogLevel.Error,
            Message = "Exceeded the maximum of {MaxLevels} binding levels while binding port '{PortId}'.")]
        public static partial void MaxLevelsReached(ILogger logger, string portId, int maxLevels);

        [LoggerMessage(EventId = Ml2EventIds.PortBound, EventName = nameof(PortBound), Level = LogLevel.Debug,
            Message = "Bound port '{PortId}' on host '{HostId}' with vif type '{VifType}' in {LevelCount} level(s).")]
        public static partial void PortBound(ILogger logger, string portId, string hostId, string vifType, int levelCount);
    }
}
