namespace Lbaas;

/// <summary>A load balancer: a VIP on one network in front of member pools on another (Octavia's loadbalancer).</summary>
public sealed record LoadBalancer
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>The owning project.</summary>
    public required string TenantId { get; init; }

    /// <summary>The name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The network the VIP lives on.</summary>
    public required string VipNetworkId { get; init; }

    /// <summary>The subnet the VIP address comes from.</summary>
    public string? VipSubnetId { get; init; }

    /// <summary>The VIP address (allocated from the VIP subnet).</summary>
    public string? VipAddress { get; init; }

    /// <summary>The ML2 port holding the VIP address.</summary>
    public string? VipPortId { get; init; }

    /// <summary>The network the members are on (the device is wired into it too), or null.</summary>
    public string? MemberNetworkId { get; init; }

    /// <summary>The provider (service type) whose driver realises the load balancer.</summary>
    public required string Provider { get; init; }

    /// <summary>The flavor, or null.</summary>
    public string? FlavorId { get; init; }

    /// <summary>The topology, one of <see cref="LoadBalancerTopologies"/>.</summary>
    public string Topology { get; init; } = LoadBalancerTopologies.Single;

    /// <summary>The devices it is placed on (one, or two for ACTIVE_STANDBY); empty until placed.</summary>
    public IReadOnlyList<string> DeviceIds { get; init; } = [];

    /// <summary>The administrative state.</summary>
    public bool AdminStateUp { get; init; } = true;

    /// <summary>The provisioning status, one of <see cref="Lbaas.ProvisioningStatus"/>.</summary>
    public string ProvisioningStatus { get; init; } = Lbaas.ProvisioningStatus.PendingCreate;

    /// <summary>The operating status, one of <see cref="Lbaas.OperatingStatus"/>.</summary>
    public string OperatingStatus { get; init; } = Lbaas.OperatingStatus.Offline;

    /// <summary>The revision, incremented on every change.</summary>
    public long RevisionNumber { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed (the reaper measures PENDING_* time from here).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
