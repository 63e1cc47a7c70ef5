using Lbaas.Configuration;
using Lbaas.Devices;
using Lbaas.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lbaas.Agents;

/// <summary>
/// The default transport: <c>LbaasOptions.AgentCount</c> agents in this process (<c>lbaas-agent-1</c>, ...), started
/// when the plugin connects. Sending queues the operation on the agent; each agent runs its queue on a background loop.
/// An operation sent to a stopped agent is dropped, as a dead process would drop it.
/// </summary>
internal sealed class InProcessAgentTransport : ILbaasAgentTransport, IAsyncDisposable, IDisposable
{
    private readonly IDeviceRegistry _registry;
    private readonly IProviderCatalog _providers;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly LbaasOptions _options;
    private readonly LbaasMetrics? _metrics;
    private readonly Lock _gate = new();
    private Dictionary<string, LbaasAgent> _agents = new(StringComparer.Ordinal);

    public InProcessAgentTransport(IDeviceRegistry registry, IProviderCatalog providers, TimeProvider time, IOptions<LbaasOptions> options, ILoggerFactory loggers, LbaasMetrics? metrics = null)
    {
        _metrics = metrics;
        _registry = registry;
        _providers = providers;
        _time = time;
        _loggers = loggers;
        _options = options.Value;
    }

    /// <summary>The agents, by id.</summary>
    public IReadOnlyList<LbaasAgent> Agents
    {
        get
        {
            lock (_gate)
            {
                return [.. _agents.Values.OrderBy(a => a.Id, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The agent with id <paramref name="agentId"/>, or null.</summary>
    public LbaasAgent? Find(string agentId)
    {
        lock (_gate)
        {
            return _agents.GetValueOrDefault(agentId);
        }
    }

    public async ValueTask ConnectAsync(IAgentStatusSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var logger = _loggers.CreateLogger<LbaasAgent>();
        var agents = new Dictionary<string, LbaasAgent>(StringComparer.Ordinal);
        for (var i = 1; i <= _options.AgentCount; i++)
        {
            var agent = new LbaasAgent($"lbaas-agent-{i}", sink, _registry, _providers, _time, _options.AgentHeartbeatInterval, logger, _metrics);
            agents.Add(agent.Id, agent);
        }

        lock (_gate)
        {
            if (_agents.Count > 0)
            {
                throw new InvalidOperationException("The in-process agent transport is already connected.");
            }

            _agents = agents;
        }

        foreach (var agent in agents.Values)
        {
            await agent.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask SendAsync(string agentId, AgentOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var agent = Find(agentId) ?? throw new InvalidOperationException($"No in-process agent '{agentId}'.");
        agent.Enqueue(operation);
        return default;
    }

    /// <summary>Stops every agent gracefully (see <see cref="LbaasAgent.StopAsync"/>), all at once.</summary>
    public async ValueTask DisconnectAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(Agents.Select(a => a.StopAsync(cancellationToken).AsTask())).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in Agents)
        {
            await agent.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops every agent without waiting for their loops (a synchronous container disposal).</summary>
    public void Dispose()
    {
        foreach (var agent in Agents)
        {
            agent.Stop();
        }
    }
}
