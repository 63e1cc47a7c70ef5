using Microsoft.Extensions.Logging;
using Ml2.Diagnostics;

namespace Ml2.Managers;

internal sealed partial class TypeManager
{
    private static partial class Log
    {
        [LoggerMessage(EventId = Ml2EventIds.TypeDriverInitialized, EventName = nameof(TypeDriverInitialized), Level = LogLevel.Debug,
            Message = "Type driver for network type '{NetworkType}' initialized.")]
        public static partial void TypeDriverInitialized(ILogger logger, string networkType);

        [LoggerMessage(EventId = Ml2EventIds.DuplicateTypeDriver, EventName = nameof(DuplicateTypeDriver), Level = LogLevel.Error,
            Message = "Type driver '{DriverType}' ignored: network type '{NetworkType}' is already handled by another driver.")]
        public static partial void DuplicateTypeDriver(ILogger logger, string networkType, string driverType);

        [LoggerMessage(EventId = Ml2EventIds.ReleaseWithoutDriver, EventName = nameof(ReleaseWithoutDriver), Level = LogLevel.Error,
            Message = "Failed to release segment '{SegmentId}': no type driver for network type '{NetworkType}'.")]
        public static partial void ReleaseWithoutDriver(ILogger logger, string segmentId, string networkType);
    }
}
