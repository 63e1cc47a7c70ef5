using Lbaas.Agents;
using Microsoft.Extensions.Logging;

namespace Lbaas.Service;

/// <summary>The log messages of applied job outcomes (<see cref="StatusReporter"/> and <see cref="LoadBalancerLifecycle"/>).</summary>
internal static partial class StatusLog
{
    [LoggerMessage(EventId = ServiceEventIds.ObjectActive, EventName = nameof(ObjectActive), Level = LogLevel.Information,
        Message = "{Action} {ObjectType} '{ObjectId}' completed; it is ACTIVE.")]
    public static partial void ObjectActive(ILogger logger, AgentOperationAction action, LoadBalancerObjectType objectType, string objectId);

    [LoggerMessage(EventId = ServiceEventIds.ObjectFailed, EventName = nameof(ObjectFailed), Level = LogLevel.Error,
        Message = "{Action} {ObjectType} '{ObjectId}' failed; it is ERROR. Provider '{Provider}' reports error: {Error}")]
    public static partial void ObjectFailed(ILogger logger, AgentOperationAction action, LoadBalancerObjectType objectType, string objectId, string provider, string error);

    [LoggerMessage(EventId = ServiceEventIds.ObjectDeleted, EventName = nameof(ObjectDeleted), Level = LogLevel.Information,
        Message = "{ObjectType} '{ObjectId}' is {Status}.")]
    public static partial void ObjectDeleted(ILogger logger, LoadBalancerObjectType objectType, string objectId, string status);

    [LoggerMessage(EventId = ServiceEventIds.StaleCompletion, EventName = nameof(StaleCompletion), Level = LogLevel.Warning,
        Message = "Ignoring the outcome of {Action} {ObjectType} '{ObjectId}': it is no longer {Expected} but {Actual} (reaped or deleted meanwhile).")]
    public static partial void StaleCompletion(ILogger logger, AgentOperationAction action, LoadBalancerObjectType objectType, string objectId, string expected, string actual);
}
