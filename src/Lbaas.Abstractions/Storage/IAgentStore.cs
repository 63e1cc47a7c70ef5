namespace Lbaas.Storage;

/// <summary>
/// The durable agents (Neutron's agents table), shared by every controller instance: SQL table
/// <c>lbaas_agents(id, heartbeat_at, taken_over)</c>. Each method is atomic on its own.
/// </summary>
public interface IAgentStore
{
    /// <summary>
    /// Records an agent's heartbeat: an unknown agent is inserted (not taken over); a known one keeps the later of its
    /// stored and the given time (<c>heartbeat_at = GREATEST(heartbeat_at, @at)</c>) and its taken-over flag.
    /// </summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="heartbeatAt">When it was heard from.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the heartbeat is stored.</returns>
    ValueTask UpsertAgentHeartbeatAsync(string agentId, DateTimeOffset heartbeatAt, CancellationToken cancellationToken = default);

    /// <summary>Sets whether a known agent's devices have been moved away because it was dead.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="takenOver">The new flag.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when the agent exists and the flag changed (<c>UPDATE ... WHERE taken_over &lt;&gt; @flag</c> hit a row).</returns>
    ValueTask<bool> SetAgentTakenOverAsync(string agentId, bool takenOver, CancellationToken cancellationToken = default);

    /// <summary>Lists every known agent, ordered by id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The agents.</returns>
    ValueTask<IReadOnlyList<AgentRecord>> ListAgentsAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets an agent.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was known.</returns>
    ValueTask<bool> RemoveAgentAsync(string agentId, CancellationToken cancellationToken = default);
}
