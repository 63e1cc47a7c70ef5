namespace Lbaas.Agents;

/// <summary>
/// The agents the plugin has heard of and their last heartbeat (Neutron's agents table). An agent is alive while its
/// last heartbeat is at most <c>AgentDeadAfter</c> old; <see cref="AgentState.TakenOver"/> records that the monitor
/// already moved its devices, until a fresh heartbeat revives it.
/// </summary>
internal sealed class AgentDirectory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AgentState> _agents = new(StringComparer.Ordinal);

    /// <summary>Records a heartbeat; an unknown agent becomes known.</summary>
    public void Heartbeat(string agentId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agentId);
        lock (_gate)
        {
            _agents[agentId] = _agents.TryGetValue(agentId, out var state)
                ? state with { HeartbeatAt = now > state.HeartbeatAt ? now : state.HeartbeatAt }
                : new AgentState(agentId, now, TakenOver: false);
        }
    }

    /// <summary>Every known agent, by id.</summary>
    public IReadOnlyList<AgentState> All()
    {
        lock (_gate)
        {
            return [.. _agents.Values.OrderBy(a => a.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>The agents alive at <paramref name="now"/>, by id.</summary>
    public IReadOnlyList<string> Alive(DateTimeOffset now, TimeSpan deadAfter)
    {
        lock (_gate)
        {
            return [.. _agents.Values.Where(a => a.IsAlive(now, deadAfter)).Select(a => a.Id).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Whether <paramref name="agentId"/> is known and alive at <paramref name="now"/>.</summary>
    public bool IsAlive(string? agentId, DateTimeOffset now, TimeSpan deadAfter)
    {
        if (agentId is null)
        {
            return false;
        }

        lock (_gate)
        {
            return _agents.TryGetValue(agentId, out var state) && state.IsAlive(now, deadAfter);
        }
    }

    /// <summary>Sets whether the agent's devices have been moved away.</summary>
    /// <returns>Whether the flag changed.</returns>
    public bool SetTakenOver(string agentId, bool takenOver)
    {
        lock (_gate)
        {
            if (!_agents.TryGetValue(agentId, out var state) || state.TakenOver == takenOver)
            {
                return false;
            }

            _agents[agentId] = state with { TakenOver = takenOver };
            return true;
        }
    }

    /// <summary>One agent's state.</summary>
    /// <param name="Id">The agent.</param>
    /// <param name="HeartbeatAt">Its last heartbeat.</param>
    /// <param name="TakenOver">Whether its devices were moved because it was dead.</param>
    internal sealed record AgentState(string Id, DateTimeOffset HeartbeatAt, bool TakenOver)
    {
        public bool IsAlive(DateTimeOffset now, TimeSpan deadAfter) => now - HeartbeatAt <= deadAfter;
    }
}
