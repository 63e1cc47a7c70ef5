namespace Lbaas.Service;

/// <summary>The attributes of a pool to change; null means "unchanged".</summary>
public sealed record PoolUpdateRequest
{
    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>ROUND_ROBIN, LEAST_CONNECTIONS or SOURCE_IP.</summary>
    public string? LbAlgorithm { get; init; }

    /// <summary>The administrative state.</summary>
    public bool? AdminStateUp { get; init; }
}
