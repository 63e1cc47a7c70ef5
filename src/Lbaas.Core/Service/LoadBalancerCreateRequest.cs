namespace Lbaas.Service;

/// <summary>The attributes of a load balancer to create; null means "use the default".</summary>
public sealed record LoadBalancerCreateRequest
{
    /// <summary>The owning project; only an admin may name another project than its own.</summary>
    public string? TenantId { get; init; }

    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>The network the VIP lives on; it must be visible to the caller. Required.</summary>
    public required string VipNetworkId { get; init; }

    /// <summary>The subnet of <see cref="VipNetworkId"/> the VIP address comes from, or null for the network's first IPv4 subnet.</summary>
    public string? VipSubnetId { get; init; }

    /// <summary>
    /// The VIP address to ask for, or null to have one allocated. It must lie in <see cref="VipSubnetId"/>, or, without a
    /// subnet, in a subnet of <see cref="VipNetworkId"/> (which then becomes the VIP subnet).
    /// </summary>
    public string? VipAddress { get; init; }

    /// <summary>The network the members are on (the device is wired into it too), or null.</summary>
    public string? MemberNetworkId { get; init; }

    /// <summary>The provider, or null for the flavor's provider or else the default provider.</summary>
    public string? Provider { get; init; }

    /// <summary>The flavor, or null.</summary>
    public string? FlavorId { get; init; }

    /// <summary>
    /// The topology (<see cref="Lbaas.LoadBalancerTopologies"/>), or null for the flavor's
    /// <c>loadbalancer_topology</c> or else SINGLE. It must be one the provider's driver supports.
    /// </summary>
    public string? Topology { get; init; }

    /// <summary>The administrative state (default up).</summary>
    public bool? AdminStateUp { get; init; }
}
