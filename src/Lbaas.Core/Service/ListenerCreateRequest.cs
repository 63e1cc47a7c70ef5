namespace Lbaas.Service;

/// <summary>The attributes of a listener to create; null means "use the default".</summary>
public sealed record ListenerCreateRequest
{
    /// <summary>The load balancer; it must be ACTIVE. Required.</summary>
    public required string LoadBalancerId { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>HTTP, HTTPS, TCP, UDP, SCTP or TERMINATED_HTTPS. Required.</summary>
    public required string Protocol { get; init; }

    /// <summary>The port, 1-65535, unique on the load balancer.</summary>
    public int ProtocolPort { get; init; }

    /// <summary>A pool of the same load balancer to use as default pool, or null.</summary>
    public string? DefaultPoolId { get; init; }

    /// <summary>The administrative state (default up).</summary>
    public bool? AdminStateUp { get; init; }
}
