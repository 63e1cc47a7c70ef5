namespace Lbaas.Service;

/// <summary>The attributes of a health monitor to change; null means "unchanged".</summary>
public sealed record HealthMonitorUpdateRequest
{
    /// <summary>Seconds between probes; at least the timeout.</summary>
    public int? Delay { get; init; }

    /// <summary>Seconds a probe may take.</summary>
    public int? Timeout { get; init; }

    /// <summary>Failed probes before a member is marked down, 1-10.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>The administrative state.</summary>
    public bool? AdminStateUp { get; init; }
}
