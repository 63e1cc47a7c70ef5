namespace Lbaas.Service;

/// <summary>The attributes of a health monitor to create; null means "use the default".</summary>
public sealed record HealthMonitorCreateRequest
{
    /// <summary>The pool; a pool has at most one health monitor. Required.</summary>
    public required string PoolId { get; init; }

    /// <summary>HTTP, HTTPS, PING, TCP, TLS-HELLO, UDP-CONNECT or SCTP. Required.</summary>
    public required string Type { get; init; }

    /// <summary>Seconds between probes (default 5); at least <see cref="Timeout"/>.</summary>
    public int? Delay { get; init; }

    /// <summary>Seconds a probe may take (default 5).</summary>
    public int? Timeout { get; init; }

    /// <summary>Failed probes before a member is marked down, 1-10 (default 3).</summary>
    public int? MaxRetries { get; init; }

    /// <summary>The administrative state (default up).</summary>
    public bool? AdminStateUp { get; init; }
}
