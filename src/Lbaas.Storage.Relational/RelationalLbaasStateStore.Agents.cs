using Lbaas.Storage;
using Ml2.Storage.Relational.Sql;

namespace Lbaas.Storage.Relational;

/// <summary>Agents: heartbeat time (UTC ticks, never moved backwards) and whether their devices were taken over.</summary>
internal sealed partial class RelationalLbaasStateStore
{
    public ValueTask UpsertAgentHeartbeatAsync(string agentId, DateTimeOffset heartbeatAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return new ValueTask(RunAsync(readOnly: false, session => session.ExecuteAsync(
            "INSERT INTO lbaas_agents (id, heartbeat_at, taken_over) VALUES (@id, @at, 0) ON CONFLICT (id) DO UPDATE SET heartbeat_at = " +
            "CASE WHEN excluded.heartbeat_at > lbaas_agents.heartbeat_at THEN excluded.heartbeat_at ELSE lbaas_agents.heartbeat_at END",
            cancellationToken,
            new SqlArg("id", agentId),
            new SqlArg("at", heartbeatAt.UtcTicks)), cancellationToken).AsTask());
    }

    public ValueTask<bool> SetAgentTakenOverAsync(string agentId, bool takenOver, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return RunAsync(readOnly: false, async session => await session.ExecuteAsync(
            "UPDATE lbaas_agents SET taken_over = @flag WHERE id = @id AND taken_over <> @flag",
            cancellationToken,
            new SqlArg("flag", takenOver ? 1 : 0),
            new SqlArg("id", agentId)).ConfigureAwait(false) > 0, cancellationToken);
    }

    public ValueTask<IReadOnlyList<AgentRecord>> ListAgentsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<AgentRecord>>(
            readOnly: true,
            async session => await session.QueryAsync(
                "SELECT id, heartbeat_at, taken_over FROM lbaas_agents ORDER BY id",
                r => new AgentRecord(r.GetString(0), new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero), r.GetInt32(2) != 0),
                cancellationToken).ConfigureAwait(false),
            cancellationToken);

    public ValueTask<bool> RemoveAgentAsync(string agentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        return RunAsync(readOnly: false, async session =>
            await session.ExecuteAsync("DELETE FROM lbaas_agents WHERE id = @id", cancellationToken, new SqlArg("id", agentId)).ConfigureAwait(false) > 0,
            cancellationToken);
    }
}
