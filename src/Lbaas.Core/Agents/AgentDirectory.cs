using Lbaas.Storage;

namespace Lbaas.Agents;

/// <summary>
/// The agents the plugin has heard of and their last heartbeat (Neutron's agents table), kept in the
/// <see cref="IAgentStore"/> so every controller instance sharing it sees the same agents. An agent is alive while
/// its last heartbeat is at most <c>AgentDeadAfter</c> old; <see cref="AgentRecord.TakenOver"/> records that a monitor
/// already moved its devices, until a fresh heartbeat revives it.
/// </summary>
internal sealed class AgentDirectory(IAgentStore store)
{
    /// <summary>Records a heartbeat; an unknown agent becomes known.</summary>
    public ValueTask HeartbeatAsync(string agentId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agentId);
        return store.UpsertAgentHeartbeatAsync(agentId, now, cancellationToken);
    }

    /// <summary>Every known agent, by id.</summary>
    public ValueTask<IReadOnlyList<AgentRecord>> AllAsync(CancellationToken cancellationToken = default) => store.ListAgentsAsync(cancellationToken);

    /// <summary>The agents alive at <paramref name="now"/>, by id.</summary>
    public async ValueTask<IReadOnlyList<string>> AliveAsync(DateTimeOffset now, TimeSpan deadAfter, CancellationToken cancellationToken = default)
    {
        var agents = await store.ListAgentsAsync(cancellationToken).ConfigureAwait(false);
        return [.. agents.Where(a => a.IsAlive(now, deadAfter)).Select(a => a.Id).Order(StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="agentId"/> is known and alive at <paramref name="now"/>.</summary>
    public async ValueTask<bool> IsAliveAsync(string? agentId, DateTimeOffset now, TimeSpan deadAfter, CancellationToken cancellationToken = default)
    {
        if (agentId is null)
        {
            return false;
        }

        var agents = await store.ListAgentsAsync(cancellationToken).ConfigureAwait(false);
        return agents.Any(a => string.Equals(a.Id, agentId, StringComparison.Ordinal) && a.IsAlive(now, deadAfter));
    }

    /// <summary>Sets whether the agent's devices have been moved away.</summary>
    /// <returns>Whether the flag changed.</returns>
    public ValueTask<bool> SetTakenOverAsync(string agentId, bool takenOver, CancellationToken cancellationToken = default) =>
        store.SetAgentTakenOverAsync(agentId, takenOver, cancellationToken);
}
