namespace Lbaas.Agents;

/// <summary>
/// Carries operations from the plugin to the agents that own the devices, and agents' heartbeats and reports back to
/// an <see cref="IAgentStatusSink"/>. The default transport runs the agents in-process (<c>LbaasOptions.AgentCount</c>
/// of them, each processing its queue in order on a background loop); a cross-process transport (a message bus, gRPC)
/// implements the same two calls and is registered with <c>UseAgentTransport</c>.
/// </summary>
public interface ILbaasAgentTransport
{
    /// <summary>
    /// Connects the plugin side once, at start: from now on agents reachable through this transport send heartbeats and
    /// reports to <paramref name="sink"/>. An agent becomes known to the plugin with its first heartbeat.
    /// </summary>
    /// <param name="sink">The plugin side.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the transport is connected.</returns>
    ValueTask ConnectAsync(IAgentStatusSink sink, CancellationToken cancellationToken);

    /// <summary>
    /// Hands an operation to an agent. Returns when the agent has accepted it (queued), not when it has run; the
    /// outcome arrives later through <see cref="IAgentStatusSink.ReportAsync"/>. An agent that cannot be reached may
    /// throw; the operation then fails.
    /// </summary>
    /// <param name="agentId">The agent that owns the operation's device.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the agent has the operation.</returns>
    ValueTask SendAsync(string agentId, AgentOperation operation, CancellationToken cancellationToken);

    /// <summary>
    /// Disconnects the plugin side when the host stops (the generic host's stop, or <c>StopLbaasAsync()</c>): agents
    /// this transport runs in-process stop gracefully, each finishing and reporting the operation in progress; a
    /// cross-process transport stops listening. When <paramref name="cancellationToken"/> is cancelled first, work in
    /// progress may be abandoned. The default does nothing.
    /// </summary>
    /// <param name="cancellationToken">Forces the stop (the host's shutdown timeout).</param>
    /// <returns>A task that completes when the transport is disconnected.</returns>
    ValueTask DisconnectAsync(CancellationToken cancellationToken) => default;
}
