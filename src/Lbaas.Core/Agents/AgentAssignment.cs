using Lbaas.Configuration;
using Lbaas.Devices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lbaas.Agents;

/// <summary>
/// Which agent owns which device: a device's owner while that agent is alive; an unowned device, or one whose agent is
/// dead, goes to the live agent owning the fewest devices; a dead agent's devices all move to live agents at once
/// (neutron-lbaas' Ocata auto-reschedule; no move back when the agent revives). Ownership is kept in the device
/// registry, liveness in the <see cref="AgentDirectory"/>.
/// </summary>
internal sealed partial class AgentAssignment
{
    private readonly IDeviceRegistry _registry;
    private readonly AgentDirectory _directory;
    private readonly TimeSpan _deadAfter;
    private readonly ILogger<AgentAssignment> _logger;

    public AgentAssignment(IDeviceRegistry registry, AgentDirectory directory, IOptions<LbaasOptions> options, ILogger<AgentAssignment> logger)
    {
        _registry = registry;
        _directory = directory;
        _deadAfter = options.Value.AgentDeadAfter;
        _logger = logger;
    }

    /// <summary>Whether the device is registered.</summary>
    public bool IsRegistered(string deviceId) => _registry.Find(deviceId) is not null;

    /// <summary>
    /// The device's owner if it is alive at <paramref name="now"/>; otherwise null, with the dead owner (null when the
    /// device has no owner or is not registered).
    /// </summary>
    public async ValueTask<(string? LiveOwner, string? DeadOwner)> OwnerOfAsync(string deviceId, DateTimeOffset now)
    {
        var device = _registry.Find(deviceId);
        if (device is null)
        {
            return (null, null);
        }

        return await _directory.IsAliveAsync(device.AgentId, now, _deadAfter).ConfigureAwait(false)
            ? (device.AgentId, null)
            : (null, device.AgentId);
    }

    /// <summary>Assigns the device to the live agent owning the fewest devices.</summary>
    /// <returns>That agent, or null when no agent is alive (the device keeps its owner).</returns>
    public async ValueTask<string?> AssignLeastLoadedAsync(string deviceId, DateTimeOffset now)
    {
        var next = await LeastLoadedLiveAgentAsync(now).ConfigureAwait(false);
        if (next is not null)
        {
            await _registry.AssignAgentAsync(deviceId, next).ConfigureAwait(false);
            Log.DeviceAssigned(_logger, deviceId, next);
        }

        return next;
    }

    /// <summary>
    /// Moves a dead agent's devices to live agents, fewest devices first, and marks the agent taken over.
    /// </summary>
    /// <returns>False when the agent is alive (nothing moved).</returns>
    public async ValueTask<bool> TakeOverAsync(string deadAgentId, DateTimeOffset now)
    {
        if (await _directory.IsAliveAsync(deadAgentId, now, _deadAfter).ConfigureAwait(false))
        {
            return false;
        }

        var devices = _registry.List().Where(d => string.Equals(d.AgentId, deadAgentId, StringComparison.Ordinal)).ToList();
        if (await _directory.SetTakenOverAsync(deadAgentId, true).ConfigureAwait(false))
        {
            var lastHeartbeat = (await _directory.AllAsync().ConfigureAwait(false)).FirstOrDefault(a => a.Id == deadAgentId)?.HeartbeatAt;
            Log.AgentDead(_logger, deadAgentId, lastHeartbeat, devices.Count);
        }

        foreach (var device in devices)
        {
            var next = await LeastLoadedLiveAgentAsync(now).ConfigureAwait(false);
            await _registry.AssignAgentAsync(device.Id, next).ConfigureAwait(false);
            Log.DeviceMoved(_logger, device.Id, deadAgentId, next ?? "(none)");
        }

        return true;
    }

    private async ValueTask<string?> LeastLoadedLiveAgentAsync(DateTimeOffset now)
    {
        var alive = await _directory.AliveAsync(now, _deadAfter).ConfigureAwait(false);
        if (alive.Count == 0)
        {
            return null;
        }

        var owned = _registry.List()
            .Where(d => d.AgentId is not null)
            .GroupBy(d => d.AgentId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return alive.OrderBy(a => owned.GetValueOrDefault(a)).ThenBy(a => a, StringComparer.Ordinal).First();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AgentEventIds.AgentDead, EventName = nameof(AgentDead), Level = LogLevel.Warning,
            Message = "Agent '{AgentId}' is dead (last heartbeat {HeartbeatAt}); moving its {DeviceCount} devices and unfinished operations to live agents.")]
        public static partial void AgentDead(ILogger logger, string agentId, DateTimeOffset? heartbeatAt, int deviceCount);

        [LoggerMessage(EventId = AgentEventIds.DeviceAssigned, EventName = nameof(DeviceAssigned), Level = LogLevel.Debug,
            Message = "Device '{DeviceId}' assigned to agent '{AgentId}'.")]
        public static partial void DeviceAssigned(ILogger logger, string deviceId, string agentId);

        [LoggerMessage(EventId = AgentEventIds.DeviceMoved, EventName = nameof(DeviceMoved), Level = LogLevel.Warning,
            Message = "Device '{DeviceId}' moved from dead agent '{DeadAgentId}' to agent '{AgentId}'.")]
        public static partial void DeviceMoved(ILogger logger, string deviceId, string deadAgentId, string agentId);
    }
}
