namespace Lbaas.Service;

/// <summary>The attributes of a pool member to create; null means "use the default".</summary>
public sealed record MemberCreateRequest
{
    /// <summary>The pool. Required.</summary>
    public required string PoolId { get; init; }

    /// <summary>The backend IP address. Required.</summary>
    public required string Address { get; init; }

    /// <summary>The backend port, 1-65535; (address, port) is unique in the pool.</summary>
    public int ProtocolPort { get; init; }

    /// <summary>The subnet the address is on (visible to the caller), or null.</summary>
    public string? SubnetId { get; init; }

    /// <summary>The weight, 0-256 (default 1).</summary>
    public int? Weight { get; init; }

    /// <summary>The administrative state (default up).</summary>
    public bool? AdminStateUp { get; init; }
}
