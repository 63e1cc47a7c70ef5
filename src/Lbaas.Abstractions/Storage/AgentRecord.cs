namespace Lbaas.Storage;

/// <summary>One known agent (Neutron's agents table).</summary>
/// <param name="Id">The agent.</param>
/// <param name="HeartbeatAt">Its latest heartbeat.</param>
/// <param name="TakenOver">Whether its devices were moved away because it was dead (until a fresh heartbeat revives it).</param>
public sealed record AgentRecord(string Id, DateTimeOffset HeartbeatAt, bool TakenOver)
{
    /// <summary>Whether the agent is alive at <paramref name="now"/>: its heartbeat is at most <paramref name="deadAfter"/> old.</summary>
    /// <param name="now">The time.</param>
    /// <param name="deadAfter">How long silence is tolerated.</param>
    /// <returns>Whether it is alive.</returns>
    public bool IsAlive(DateTimeOffset now, TimeSpan deadAfter) => now - HeartbeatAt <= deadAfter;
}
