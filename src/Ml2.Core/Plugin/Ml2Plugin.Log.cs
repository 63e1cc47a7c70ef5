using Microsoft.Extensions.Logging;
using Ml2.Diagnostics;

namespace Ml2.Plugin;

internal sealed partial class Ml2Plugin
{
    private static partial class Log
    {
        [LoggerMessage(EventId = Ml2EventIds.CreatePostcommitFailedDeleting, EventName = nameof(CreatePostcommitFailedDeleting), Level = LogLevel.Error,
            Message = "{Operation} failed, deleting {ResourceType} '{ResourceId}'.")]
        public static partial void CreatePostcommitFailedDeleting(ILogger logger, string operation, string resourceType, string resourceId);

        [LoggerMessage(EventId = Ml2EventIds.CompensationFailed, EventName = nameof(CompensationFailed), Level = LogLevel.Error,
            Message = "Deleting {ResourceType} '{ResourceId}' after its create failed did not complete; it may still exist.")]
        public static partial void CompensationFailed(ILogger logger, string resourceType, string resourceId, Exception exception);

        [LoggerMessage(EventId = Ml2EventIds.BindingCommitConflict, EventName = nameof(BindingCommitConflict), Level = LogLevel.Debug,
            Message = "Concurrent port binding operations failed on port {PortId}; trying again.")]
        public static partial void BindingCommitConflict(ILogger logger, string portId);

        [LoggerMessage(EventId = Ml2EventIds.BindingCommitExhausted, EventName = nameof(BindingCommitExhausted), Level = LogLevel.Error,
            Message = "Failed to commit binding results for {PortId} after {MaxTries} tries.")]
        public static partial void BindingCommitExhausted(ILogger logger, string portId, int maxTries);
    }
}
