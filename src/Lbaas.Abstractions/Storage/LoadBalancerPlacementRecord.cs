using Lbaas.Placement;

namespace Lbaas.Storage;

/// <summary>How a load balancer was placed: one explained result per device (two for ACTIVE_STANDBY). Stored as an object keyed by the load balancer id.</summary>
/// <param name="LoadBalancerId">The load balancer.</param>
/// <param name="Results">The placement results, in placement order.</param>
public sealed record LoadBalancerPlacementRecord(string LoadBalancerId, IReadOnlyList<PlacementResult> Results);
