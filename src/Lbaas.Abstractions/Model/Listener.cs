namespace Lbaas;

/// <summary>A listener: a protocol and port on the VIP.</summary>
public sealed record Listener
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>The owning project.</summary>
    public required string TenantId { get; init; }

    /// <summary>The load balancer.</summary>
    public required string LoadBalancerId { get; init; }

    /// <summary>The name.</summary>
    public string Name { get; init; } = "";

    /// <summary>HTTP, HTTPS, TCP, UDP, TERMINATED_HTTPS.</summary>
    public required string Protocol { get; init; }

    /// <summary>The port, 1-65535.</summary>
    public int ProtocolPort { get; init; }

    /// <summary>The default pool, or null.</summary>
    public string? DefaultPoolId { get; init; }

    /// <summary>The administrative state.</summary>
    public bool AdminStateUp { get; init; } = true;

    /// <summary>The provisioning status.</summary>
    public string ProvisioningStatus { get; init; } = Lbaas.ProvisioningStatus.PendingCreate;

    /// <summary>The operating status.</summary>
    public string OperatingStatus { get; init; } = Lbaas.OperatingStatus.Offline;

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
