using Lbaas.Configuration;
using Lbaas.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Ml2.Health;

namespace Lbaas.Health;

/// <summary>
/// The <c>lbaas-agents</c> check, over the agents table of the LBaaS state store (every controller instance's agents):
/// an agent is alive while its last heartbeat is at most <see cref="LbaasOptions.AgentDeadAfter"/> old. No agent known,
/// or none alive: the registration's failure status. Some dead: Degraded, naming them. All alive: Healthy.
/// </summary>
internal sealed class AgentsHealthCheck(IAgentStore store, TimeProvider time, IOptions<LbaasOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        IReadOnlyList<AgentRecord> agents;
        try
        {
            agents = await store.ListAgentsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus, $"The LBaaS agents could not be read from the state store: {ex.GetType().Name}: {ex.Message}", ex);
        }

        var now = time.GetUtcNow();
        var deadAfter = options.Value.AgentDeadAfter;
        var dead = agents.Where(a => !a.IsAlive(now, deadAfter)).ToList();
        var data = new Dictionary<string, object>
        {
            ["agents"] = agents.Count,
            ["alive"] = agents.Count - dead.Count,
            ["dead"] = dead.Count,
            ["agent_dead_after_seconds"] = deadAfter.TotalSeconds,
        };
        if (dead.Count > 0)
        {
            data["dead_agents"] = dead.Take(Ml2HealthChecks.MaxListedIds).Select(a => a.Id).ToArray();
        }

        if (agents.Count == 0)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                "No LBaaS agent has sent a heartbeat, so no device operation can run: LBaaS starts its in-process agents at StartLbaasAsync() or the first service call; remote agents heartbeat through their transport.",
                data: data);
        }

        var listed = string.Join(", ", dead.Take(Ml2HealthChecks.MaxListedIds).Select(a => $"{a.Id} (last heartbeat {Seconds(now - a.HeartbeatAt)} ago)"));
        if (dead.Count == agents.Count)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"None of the {agents.Count} LBaaS agents is alive (no heartbeat within lbaas:AgentDeadAfter, {deadAfter}): {listed}. Load-balancer changes stay PENDING until an agent returns.",
                data: data);
        }

        if (dead.Count > 0)
        {
            return HealthCheckResult.Degraded(
                $"{dead.Count} of {agents.Count} LBaaS agents are dead (no heartbeat within lbaas:AgentDeadAfter, {deadAfter}): {listed}. Their devices move to live agents.",
                data: data);
        }

        return HealthCheckResult.Healthy($"All {agents.Count} LBaaS agents are alive.", data);
    }

    private static string Seconds(TimeSpan age) => TimeSpan.FromSeconds(Math.Round(Math.Max(0, age.TotalSeconds))).ToString();
}
