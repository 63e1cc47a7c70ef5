namespace Lbaas.Service;

/// <summary>The attributes of a load balancer to change; null means "unchanged".</summary>
public sealed record LoadBalancerUpdateRequest
{
    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>The administrative state.</summary>
    public bool? AdminStateUp { get; init; }
}
