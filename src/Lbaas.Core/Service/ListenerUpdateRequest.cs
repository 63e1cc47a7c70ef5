namespace Lbaas.Service;

/// <summary>The attributes of a listener to change; null means "unchanged".</summary>
public sealed record ListenerUpdateRequest
{
    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>A pool of the same load balancer to use as default pool; the empty string clears it.</summary>
    public string? DefaultPoolId { get; init; }

    /// <summary>The administrative state.</summary>
    public bool? AdminStateUp { get; init; }
}
