using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lbaas.Agents;
using Lbaas.Placement;

namespace Lbaas.Diagnostics;

/// <summary>
/// LBaaS telemetry: a <see cref="Meter"/> and an <see cref="ActivitySource"/> both named <c>Lbaas</c> (placements by
/// outcome, claim conflicts, agent operations by object, action and outcome), next to Ml2.Core's <c>Ml2</c> ones.
/// </summary>
internal static class LbaasTelemetry
{
    public const string Name = "Lbaas";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter s_meter = new(Name);
    private static readonly Counter<long> s_placements = s_meter.CreateCounter<long>("lbaas.placements", description: "Placement decisions, by outcome.");
    private static readonly Counter<long> s_claimConflicts = s_meter.CreateCounter<long>("lbaas.placement.claim_conflicts", description: "Capacity claims lost to a concurrent placement.");
    private static readonly Counter<long> s_operations = s_meter.CreateCounter<long>("lbaas.agent.operations", description: "Driver operations completed by agents, by object, action and outcome.");

    public static void PlacementDecided(PlacementResult result)
    {
        if (s_placements.Enabled)
        {
            var outcome = result.Succeeded ? (result.Provisioned ? "provisioned" : "placed") : "no_device";
            s_placements.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        }

        if (s_claimConflicts.Enabled && result.ClaimConflicts > 0)
        {
            s_claimConflicts.Add(result.ClaimConflicts);
        }
    }

    public static void OperationCompleted(OperationJob job)
    {
        if (s_operations.Enabled)
        {
            s_operations.Add(
                1,
                new KeyValuePair<string, object?>("object", job.ObjectType.ToString()),
                new KeyValuePair<string, object?>("action", job.Action.ToString()),
                new KeyValuePair<string, object?>("outcome", job.Succeeded ? "success" : "failure"));
        }
    }
}
