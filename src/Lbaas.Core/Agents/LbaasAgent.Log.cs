using Microsoft.Extensions.Logging;

namespace Lbaas.Agents;

internal sealed partial class LbaasAgent
{
    private static partial class Log
    {
        [LoggerMessage(EventId = AgentEventIds.AgentStarted, EventName = nameof(AgentStarted), Level = LogLevel.Information,
            Message = "LBaaS agent '{AgentId}' started.")]
        public static partial void AgentStarted(ILogger logger, string agentId);

        [LoggerMessage(EventId = AgentEventIds.AgentStopped, EventName = nameof(AgentStopped), Level = LogLevel.Warning,
            Message = "LBaaS agent '{AgentId}' stopped; its queued operations are dropped.")]
        public static partial void AgentStopped(ILogger logger, string agentId);

        [LoggerMessage(EventId = AgentEventIds.OperationStarted, EventName = nameof(OperationStarted), Level = LogLevel.Debug,
            Message = "Agent '{AgentId}' runs operation {OperationId}: {Action} {ObjectType} '{ObjectId}' on device '{DeviceId}'.")]
        public static partial void OperationStarted(ILogger logger, string agentId, string operationId, AgentOperationAction action, LoadBalancerObjectType objectType, string objectId, string deviceId);

        [LoggerMessage(EventId = AgentEventIds.OperationSucceeded, EventName = nameof(OperationSucceeded), Level = LogLevel.Information,
            Message = "Agent '{AgentId}' completed operation {OperationId}: {Action} {ObjectType} '{ObjectId}' on device '{DeviceId}'.")]
        public static partial void OperationSucceeded(ILogger logger, string agentId, string operationId, AgentOperationAction action, LoadBalancerObjectType objectType, string objectId, string deviceId);

        [LoggerMessage(EventId = AgentEventIds.OperationFailed, EventName = nameof(OperationFailed), Level = LogLevel.Error,
            Message = "Agent '{AgentId}' failed operation {OperationId}: {Action} {ObjectType} '{ObjectId}' on device '{DeviceId}': Provider '{Provider}' reports error: {Error}")]
        public static partial void OperationFailed(ILogger logger, string agentId, string operationId, AgentOperationAction action, LoadBalancerObjectType objectType, string objectId, string deviceId, string provider, string error);

        [LoggerMessage(EventId = AgentEventIds.OperationSkipped, EventName = nameof(OperationSkipped), Level = LogLevel.Information,
            Message = "Agent '{AgentId}' skips operation {OperationId} ({Action} {ObjectType} '{ObjectId}'): it moved to another agent or was abandoned.")]
        public static partial void OperationSkipped(ILogger logger, string agentId, string operationId, AgentOperationAction action, LoadBalancerObjectType objectType, string objectId);

        [LoggerMessage(EventId = AgentEventIds.ReportFailed, EventName = nameof(ReportFailed), Level = LogLevel.Error,
            Message = "Agent '{AgentId}' could not report operation {OperationId}.")]
        public static partial void ReportFailed(ILogger logger, string agentId, string operationId, Exception exception);

        [LoggerMessage(EventId = AgentEventIds.HeartbeatFailed, EventName = nameof(HeartbeatFailed), Level = LogLevel.Warning,
            Message = "Agent '{AgentId}' could not send its heartbeat.")]
        public static partial void HeartbeatFailed(ILogger logger, string agentId, Exception exception);
    }
}
