using Microsoft.Extensions.Logging;

namespace Lbaas.Agents;

internal sealed partial class AgentDispatcher
{
    private static partial class Log
    {
        [LoggerMessage(EventId = AgentEventIds.OperationRedone, EventName = nameof(OperationRedone), Level = LogLevel.Warning,
            Message = "Redoing operation {OperationId} ({Action} {ObjectType} '{ObjectId}') on agent '{AgentId}' after agent '{DeadAgentId}' died (attempt {Attempt}).")]
        public static partial void OperationRedone(ILogger logger, string operationId, AgentOperationAction action, LoadBalancerObjectType objectType, string objectId, string agentId, string deadAgentId, int attempt);

        [LoggerMessage(EventId = AgentEventIds.NoLiveAgent, EventName = nameof(NoLiveAgent), Level = LogLevel.Warning,
            Message = "No live agent for device '{DeviceId}'; operation {OperationId} waits for one.")]
        public static partial void NoLiveAgent(ILogger logger, string operationId, string deviceId);

        [LoggerMessage(EventId = AgentEventIds.StaleReport, EventName = nameof(StaleReport), Level = LogLevel.Information,
            Message = "Ignoring the report of operation {OperationId} from agent '{AgentId}': it is no longer that agent's (moved, abandoned or already reported).")]
        public static partial void StaleReport(ILogger logger, string operationId, string agentId);

        [LoggerMessage(EventId = AgentEventIds.SendFailed, EventName = nameof(SendFailed), Level = LogLevel.Error,
            Message = "Operation {OperationId} could not be sent to agent '{AgentId}'.")]
        public static partial void SendFailed(ILogger logger, string operationId, string agentId, Exception exception);
    }
}
