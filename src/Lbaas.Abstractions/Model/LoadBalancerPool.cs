namespace Lbaas;

/// <summary>A pool of members behind a listener (Octavia's pool).</summary>
public sealed record LoadBalancerPool
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>The owning project.</summary>
    public required string TenantId { get; init; }

    /// <summary>The load balancer.</summary>
    public required string LoadBalancerId { get; init; }

    /// <summary>The listener using it as default pool, or null.</summary>
    public string? ListenerId { get; init; }

    /// <summary>The name.</summary>
    public string Name { get; init; } = "";

    /// <summary>HTTP, HTTPS, TCP, UDP, PROXY.</summary>
    public required string Protocol { get; init; }

    /// <summary>ROUND_ROBIN, LEAST_CONNECTIONS, SOURCE_IP.</summary>
    public string LbAlgorithm { get; init; } = "ROUND_ROBIN";

    /// <summary>The administrative state.</summary>
    public bool AdminStateUp { get; init; } = true;

    /// <summary>The provisioning status.</summary>
    public string ProvisioningStatus { get; init; } = Lbaas.ProvisioningStatus.PendingCreate;

    /// <summary>The operating status.</summary>
    public string OperatingStatus { get; init; } = Lbaas.OperatingStatus.Offline;

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
