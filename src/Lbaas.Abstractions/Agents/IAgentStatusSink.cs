namespace Lbaas.Agents;

/// <summary>
/// The plugin side of the agent protocol: where agents send heartbeats and operation status (the way neutron-lbaas
/// agents report state and call <c>update_status</c> over RPC, or Octavia providers push status through the driver
/// library). A transport delivers agents' calls here.
/// </summary>
public interface IAgentStatusSink
{
    /// <summary>Records that an agent is alive (agents call it every <c>AgentHeartbeatInterval</c>).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the heartbeat is recorded.</returns>
    ValueTask HeartbeatAsync(string agentId, CancellationToken cancellationToken);

    /// <summary>
    /// Asks, before calling the driver, whether the operation is still the agent's to run: it may have moved to another
    /// agent (this one was declared dead) or been abandoned (its object timed out to ERROR).
    /// </summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="operationId">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True to run it.</returns>
    ValueTask<bool> ShouldRunAsync(string agentId, string operationId, CancellationToken cancellationToken);

    /// <summary>Reports the outcome of an operation.</summary>
    /// <param name="report">The outcome.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the status is recorded.</returns>
    ValueTask ReportAsync(AgentOperationReport report, CancellationToken cancellationToken);
}
