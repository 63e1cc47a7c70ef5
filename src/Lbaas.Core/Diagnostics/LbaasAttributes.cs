namespace Lbaas.Diagnostics;

/// <summary>The attribute (tag) keys of the LBaaS metrics and spans; <c>docs/telemetry.md</c> describes each.</summary>
internal static class LbaasAttributes
{
    public const string LoadBalancerId = "lbaas.loadbalancer.id";
    public const string Provider = "lbaas.provider";
    public const string DeviceId = "lbaas.device.id";
    public const string PlacementOutcome = "lbaas.placement.outcome";
    public const string PlacementCandidates = "lbaas.placement.candidates";
    public const string PlacementConsidered = "lbaas.placement.considered";
    public const string PlacementRejected = "lbaas.placement.rejected";
    public const string PlacementClaimConflicts = "lbaas.placement.claim_conflicts";
    public const string PlacementPolicy = "lbaas.placement.policy";
    public const string PlacementReason = "lbaas.placement.reason";
    public const string PlacementRejectionCount = "lbaas.placement.rejection.count";
    public const string ClaimStatus = "lbaas.claim.status";
    public const string AgentId = "lbaas.agent.id";
    public const string AgentOperationId = "lbaas.agent.operation.id";
    public const string AgentAction = "lbaas.agent.action";
    public const string ObjectType = "lbaas.object.type";
}
