namespace Lbaas.Service;

/// <summary>The attributes of a pool to create; null means "use the default". Give the load balancer, the listener, or both.</summary>
public sealed record PoolCreateRequest
{
    /// <summary>The load balancer, or null to take the listener's.</summary>
    public string? LoadBalancerId { get; init; }

    /// <summary>A listener without a default pool; the new pool becomes its default pool. Or null.</summary>
    public string? ListenerId { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>HTTP, HTTPS, TCP, UDP, SCTP or PROXY. Required.</summary>
    public required string Protocol { get; init; }

    /// <summary>ROUND_ROBIN (default), LEAST_CONNECTIONS or SOURCE_IP.</summary>
    public string? LbAlgorithm { get; init; }

    /// <summary>The administrative state (default up).</summary>
    public bool? AdminStateUp { get; init; }
}
