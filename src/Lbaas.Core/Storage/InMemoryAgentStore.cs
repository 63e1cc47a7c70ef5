namespace Lbaas.Storage;

/// <summary>The default <see cref="IAgentStore"/>: agents in memory behind one short lock, every method atomic.</summary>
internal sealed class InMemoryAgentStore : IAgentStore
{
    private readonly Lock _agentGate = new();
    private readonly Dictionary<string, AgentRecord> _agents = new(StringComparer.Ordinal);

    public ValueTask UpsertAgentHeartbeatAsync(string agentId, DateTimeOffset heartbeatAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agentId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_agentGate)
        {
            _agents[agentId] = _agents.TryGetValue(agentId, out var agent)
                ? agent with { HeartbeatAt = heartbeatAt > agent.HeartbeatAt ? heartbeatAt : agent.HeartbeatAt }
                : new AgentRecord(agentId, heartbeatAt, TakenOver: false);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> SetAgentTakenOverAsync(string agentId, bool takenOver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_agentGate)
        {
            if (!_agents.TryGetValue(agentId, out var agent) || agent.TakenOver == takenOver)
            {
                return ValueTask.FromResult(false);
            }

            _agents[agentId] = agent with { TakenOver = takenOver };
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<IReadOnlyList<AgentRecord>> ListAgentsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_agentGate)
        {
            return ValueTask.FromResult<IReadOnlyList<AgentRecord>>([.. _agents.Values.OrderBy(a => a.Id, StringComparer.Ordinal)]);
        }
    }

    public ValueTask<bool> RemoveAgentAsync(string agentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_agentGate)
        {
            return ValueTask.FromResult(_agents.Remove(agentId));
        }
    }
}
