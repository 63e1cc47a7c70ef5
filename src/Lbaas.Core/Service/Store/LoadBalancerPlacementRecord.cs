using Lbaas.Placement;

namespace Lbaas.Service.Store;

/// <summary>How a load balancer was placed: one explained result per device (two for ACTIVE_STANDBY).</summary>
/// <param name="LoadBalancerId">The load balancer.</param>
/// <param name="Results">The placement results, in placement order.</param>
internal sealed record LoadBalancerPlacementRecord(string LoadBalancerId, IReadOnlyList<PlacementResult> Results);
