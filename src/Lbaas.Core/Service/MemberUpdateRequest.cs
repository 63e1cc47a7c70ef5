namespace Lbaas.Service;

/// <summary>The attributes of a pool member to change; null means "unchanged".</summary>
public sealed record MemberUpdateRequest
{
    /// <summary>The weight, 0-256.</summary>
    public int? Weight { get; init; }

    /// <summary>The administrative state.</summary>
    public bool? AdminStateUp { get; init; }
}
