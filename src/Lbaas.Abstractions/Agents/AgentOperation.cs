using Lbaas;

namespace Lbaas.Agents;

/// <summary>
/// One operation the plugin sends to the agent that owns a device: the logical model (the load balancer and the object
/// created, changed or deleted), the device by id and the provider whose driver the agent calls. Devices are looked
/// up by the agent, so credentials never travel with the operation. Operations may be redone on another agent when
/// their agent dies, so the driver calls must be idempotent.
/// </summary>
public abstract record AgentOperation
{
    private protected AgentOperation()
    {
    }

    /// <summary>The operation id; the agent reports status under it.</summary>
    public required string Id { get; init; }

    /// <summary>Create, update or delete.</summary>
    public required AgentOperationAction Action { get; init; }

    /// <summary>The provider whose driver the agent calls.</summary>
    public required string Provider { get; init; }

    /// <summary>The device to configure.</summary>
    public required string DeviceId { get; init; }

    /// <summary>The load balancer the object belongs to (the object itself for load-balancer operations).</summary>
    public required LoadBalancer LoadBalancer { get; init; }

    /// <summary>
    /// The W3C trace context (<c>traceparent</c>) of the span that sent the operation, or null when it was not traced: the
    /// agent's span for the operation (<c>lbaas.agent.operation</c>) joins that trace. A cross-process transport carries it as is.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>The kind of object.</summary>
    public abstract LoadBalancerObjectType ObjectType { get; }

    /// <summary>The object's id.</summary>
    public abstract string ObjectId { get; }
}
