namespace Lbaas;

/// <summary>A pool member: a backend address and port.</summary>
public sealed record Member
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>The owning project.</summary>
    public required string TenantId { get; init; }

    /// <summary>The pool.</summary>
    public required string PoolId { get; init; }

    /// <summary>The backend address.</summary>
    public required string Address { get; init; }

    /// <summary>The backend port, 1-65535.</summary>
    public int ProtocolPort { get; init; }

    /// <summary>The subnet the address is on, or null.</summary>
    public string? SubnetId { get; init; }

    /// <summary>The weight, 0-256.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>The administrative state.</summary>
    public bool AdminStateUp { get; init; } = true;

    /// <summary>The provisioning status.</summary>
    public string ProvisioningStatus { get; init; } = Lbaas.ProvisioningStatus.PendingCreate;

    /// <summary>The operating status.</summary>
    public string OperatingStatus { get; init; } = Lbaas.OperatingStatus.NoMonitor;

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
