using System.Collections.Concurrent;
using Lbaas.Agents;

namespace Lbaas.Core.Tests.Infrastructure;

/// <summary>
/// A transport whose agents are the test itself, as a cross-process transport would see them: the test sends
/// heartbeats and reports through <see cref="Sink"/> and reads what was sent from <see cref="Sent"/>.
/// </summary>
public sealed class ScriptedAgentTransport : ILbaasAgentTransport
{
    private readonly ConcurrentQueue<(string AgentId, AgentOperation Operation)> _sent = new();

    public IAgentStatusSink Sink { get; private set; } = null!;

    public IReadOnlyList<(string AgentId, AgentOperation Operation)> Sent => [.. _sent];

    /// <summary>When set, sending throws it (an unreachable agent).</summary>
    public Exception? SendFailure { get; set; }

    public ValueTask ConnectAsync(IAgentStatusSink sink, CancellationToken cancellationToken)
    {
        Sink = sink;
        return default;
    }

    public ValueTask SendAsync(string agentId, AgentOperation operation, CancellationToken cancellationToken)
    {
        if (SendFailure is { } failure)
        {
            throw failure;
        }

        _sent.Enqueue((agentId, operation));
        return default;
    }
}
