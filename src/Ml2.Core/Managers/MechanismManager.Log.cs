using Microsoft.Extensions.Logging;
using Ml2.Diagnostics;

namespace Ml2.Managers;

internal sealed partial class MechanismManager
{
    private static partial class Log
    {
        [LoggerMessage(EventId = Ml2EventIds.MechanismDriverInitialized, EventName = nameof(MechanismDriverInitialized), Level = LogLevel.Debug,
            Message = "Mechanism driver '{DriverName}' initialized.")]
        public static partial void MechanismDriverInitialized(ILogger logger, string driverName);

        [LoggerMessage(EventId = Ml2EventIds.MechanismDriverFailed, EventName = nameof(MechanismDriverFailed), Level = LogLevel.Error,
            Message = "Mechanism driver '{DriverName}' failed in {Operation}.")]
        public static partial void MechanismDriverFailed(ILogger logger, string driverName, string operation, Exception exception);

        [LoggerMessage(EventId = Ml2EventIds.PostcommitFailureLogged, EventName = nameof(PostcommitFailureLogged), Level = LogLevel.Error,
            Message = "{Operation} failed in {FailureCount} mechanism driver(s); the operation stays committed.")]
        public static partial void PostcommitFailureLogged(ILogger logger, string operation, int failureCount);

        [LoggerMessage(EventId = Ml2EventIds.VlanTransparencyRefused, EventName = nameof(VlanTransparencyRefused), Level = LogLevel.Information,
            Message = "Mechanism driver '{DriverName}' does not support VLAN transparency; network '{NetworkId}' is refused.")]
        public static partial void VlanTransparencyRefused(ILogger logger, string driverName, string networkId);

        [LoggerMessage(EventId = Ml2EventIds.CompensationHookFailureLogged, EventName = nameof(CompensationHookFailureLogged), Level = LogLevel.Error,
            Message = "{Operation} failed in {FailureCount} mechanism driver(s) while deleting a resource whose create failed; the delete goes on.")]
        public static partial void CompensationHookFailureLogged(ILogger logger, string operation, int failureCount);
    }
}
