using System.Text.Json;

namespace Lbaas;

/// <summary>What a new load balancer needs from a device.</summary>
public sealed record PlacementRequest
{
    /// <summary>The load balancer being placed.</summary>
    public required string LoadBalancerId { get; init; }

    /// <summary>The owning project.</summary>
    public required string TenantId { get; init; }

    /// <summary>The provider whose devices qualify.</summary>
    public required string Provider { get; init; }

    /// <summary>The flavor's metadata (validated by the provider's driver), or empty.</summary>
    public IReadOnlyDictionary<string, JsonElement> FlavorMetadata { get; init; } = Ml2.Model.ExtensionAttributes.Empty;

    /// <summary>The VIP network.</summary>
    public required string VipNetworkId { get; init; }

    /// <summary>The member network, or null.</summary>
    public string? MemberNetworkId { get; init; }

    /// <summary>The VIP address, when already known (for the overlapping-IP check), or null.</summary>
    public string? VipAddress { get; init; }

    /// <summary>The topology.</summary>
    public string Topology { get; init; } = LoadBalancerTopologies.Single;

    /// <summary>
    /// Which of the load balancer's placements this is: <see cref="Devices.LoadBalancerClaim.ActiveSlot"/> (0, the only
    /// or active device) or <see cref="Devices.LoadBalancerClaim.StandbySlot"/> (1, the standby of ACTIVE_STANDBY). The
    /// claim taken on the chosen device is in this slot.
    /// </summary>
    public int Slot { get; init; }

    /// <summary>Devices this placement must avoid (the other half of an ACTIVE_STANDBY pair).</summary>
    public IReadOnlySet<string> AvoidDeviceIds { get; init; } = new HashSet<string>();

    /// <summary>Clusters this placement must avoid (the other half's cluster).</summary>
    public IReadOnlySet<string> AvoidClusterIds { get; init; } = new HashSet<string>();
}
