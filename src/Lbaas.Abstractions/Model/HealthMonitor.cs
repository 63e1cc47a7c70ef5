namespace Lbaas;

/// <summary>A health monitor of a pool.</summary>
public sealed record HealthMonitor
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>The owning project.</summary>
    public required string TenantId { get; init; }

    /// <summary>The pool.</summary>
    public required string PoolId { get; init; }

    /// <summary>HTTP, HTTPS, PING, TCP, UDP-CONNECT.</summary>
    public required string Type { get; init; }

    /// <summary>Seconds between probes.</summary>
    public int Delay { get; init; } = 5;

    /// <summary>Seconds a probe may take.</summary>
    public int Timeout { get; init; } = 5;

    /// <summary>Failed probes before a member is marked down.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The administrative state.</summary>
    public bool AdminStateUp { get; init; } = true;

    /// <summary>The provisioning status.</summary>
    public string ProvisioningStatus { get; init; } = Lbaas.ProvisioningStatus.PendingCreate;

    /// <summary>The operating status.</summary>
    public string OperatingStatus { get; init; } = Lbaas.OperatingStatus.Offline;

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
