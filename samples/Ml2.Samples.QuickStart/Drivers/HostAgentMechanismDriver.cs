using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Model;

namespace Ml2.Samples.QuickStart.Drivers;

/// <summary>
/// A virtual-switch agent driver in the style of Neutron's Open vSwitch driver: it knows, per host, which physical
/// networks are bridged and which tunnel types are enabled, and binds the first segment the host can reach with vif
/// type <c>ovs</c>. It is also the bottom level under <see cref="TorSwitchMechanismDriver"/>. When it cannot bind a
/// port it logs why (no agent on the host, or no segment the host reaches), so a <c>binding_failed</c> port is explained.
/// </summary>
public sealed partial class HostAgentMechanismDriver : IMechanismDriver
{
    private static readonly IReadOnlyDictionary<string, System.Text.Json.JsonElement> s_vifDetails =
        ExtensionAttributes.From(("port_filter", true), ("connectivity", "l2"), ("bridge_name", "br-int"));

    private readonly Dictionary<string, HostConfiguration> _hosts = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Port, string Host), bool> _explained = new();
    private ILogger _logger = NullLogger.Instance;

    public string Name => "host-agent";

    public string Connectivity => MechanismDriverConnectivity.L2;

    /// <summary>Declares what a host's agent can plug.</summary>
    public HostAgentMechanismDriver WithHost(string host, string[] bridgedPhysicalNetworks, string[] tunnelTypes)
    {
        _hosts[host] = new HostConfiguration(bridgedPhysicalNetworks, tunnelTypes);
        return this;
    }

    /// <summary>Logs through <paramref name="loggers"/> (the host's logging) from now on.</summary>
    public HostAgentMechanismDriver WithLogging(ILoggerFactory loggers)
    {
        _logger = loggers.CreateLogger<HostAgentMechanismDriver>();
        return this;
    }

    public ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
    {
        if (context.VnicType != VnicTypes.Normal)
        {
            LogVnicType(_logger, context.Current.Id, context.VnicType);
            return default;
        }

        if (!_hosts.TryGetValue(context.Host, out var host))
        {
            if (_explained.TryAdd((context.Current.Id, context.Host), true))
            {
                // Said once per port and host: ML2 retries a failed binding (ml2:max_bind_tries) and would repeat it.
                LogNoAgent(_logger, context.Current.Id, context.Host, string.Join(", ", _hosts.Keys));
            }

            return default;
        }

        foreach (var segment in context.SegmentsToBind!)
        {
            if (host.CanReach(segment))
            {
                context.SetBinding(segment.Id, VifTypes.Ovs, s_vifDetails, ResourceStatus.Active);
                return default;
            }
        }

        var segments = string.Join(", ", context.SegmentsToBind!.Select(s => $"{s.NetworkType}:{s.PhysicalNetwork ?? "-"}"));
        if (_explained.TryAdd((context.Current.Id, context.Host), true))
        {
            LogUnreachable(_logger, context.Current.Id, context.Host, segments);
        }

        return default;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "host-agent cannot bind port {PortId}: vnic_type {VnicType} is not 'normal'")]
    private static partial void LogVnicType(ILogger logger, string portId, string vnicType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "host-agent cannot bind port {PortId}: no agent runs on host '{Host}' (agents: {Hosts})")]
    private static partial void LogNoAgent(ILogger logger, string portId, string host, string hosts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "host-agent cannot bind port {PortId}: host '{Host}' reaches none of the segments {Segments}")]
    private static partial void LogUnreachable(ILogger logger, string portId, string host, string segments);

    private sealed record HostConfiguration(string[] BridgedPhysicalNetworks, string[] TunnelTypes)
    {
        public bool CanReach(NetworkSegment segment) => segment.NetworkType switch
        {
            NetworkTypes.Local => true,
            NetworkTypes.Flat or NetworkTypes.Vlan => segment.PhysicalNetwork is { } p && BridgedPhysicalNetworks.Contains(p),
            _ => TunnelTypes.Contains(segment.NetworkType),
        };
    }
}
