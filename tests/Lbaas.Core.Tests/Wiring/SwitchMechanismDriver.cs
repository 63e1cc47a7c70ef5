using System.Collections.Concurrent;
using System.Text.Json;
using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Model;

namespace Lbaas.Core.Tests.Wiring;

/// <summary>
/// A top-of-rack switch driver: binds ports whose host is wired to it (<see cref="Hosts"/>) on the network's VLAN
/// segment with vif type <see cref="VifTypes.Other"/>, records every port create/delete, and can be told to fail
/// creating ports on one network.
/// </summary>
public sealed class SwitchMechanismDriver : IMechanismDriver
{
    public const string DriverName = "tor-switch";

    public string Name => DriverName;

    /// <summary>The hosts whose switch ports this driver configures.</summary>
    public ConcurrentDictionary<string, bool> Hosts { get; } = new(StringComparer.Ordinal);

    /// <summary>Ports whose create reached postcommit, in order.</summary>
    public ConcurrentQueue<string> Created { get; } = new();

    /// <summary>Ports deleted, in order.</summary>
    public ConcurrentQueue<string> Deleted { get; } = new();

    /// <summary>(port, host, segment) for every successful bind.</summary>
    public ConcurrentQueue<(string PortId, string HostId, string SegmentId)> Bound { get; } = new();

    /// <summary>When set, creating a port on this network fails in precommit (the create rolls back).</summary>
    public string? FailCreateOnNetworkId { get; set; }

    /// <summary>
    /// When set, create precommit yields before the port commits, so a concurrent reader does not see it yet and
    /// concurrent wires interleave between "find the device port" and "create it".
    /// </summary>
    public bool YieldInCreatePrecommit { get; set; }

    public async ValueTask CreatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken)
    {
        if (string.Equals(context.Current.NetworkId, FailCreateOnNetworkId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"switch refuses ports on {FailCreateOnNetworkId}");
        }

        if (YieldInCreatePrecommit)
        {
            await Task.Yield();
        }
    }

    public ValueTask CreatePortPostcommitAsync(PortContext context, CancellationToken cancellationToken)
    {
        Created.Enqueue(context.Current.Id);
        return default;
    }

    public ValueTask DeletePortPostcommitAsync(PortContext context, CancellationToken cancellationToken)
    {
        Deleted.Enqueue(context.Current.Id);
        return default;
    }

    public ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
    {
        var host = context.Current.Binding.HostId;
        if (!Hosts.ContainsKey(host))
        {
            return default;
        }

        var segment = context.SegmentsToBind?.FirstOrDefault(s => s.NetworkType == NetworkTypes.Vlan);
        if (segment is null)
        {
            return default;
        }

        context.SetBinding(segment.Id, VifTypes.Other, new Dictionary<string, JsonElement>
        {
            ["switch_port"] = JsonSerializer.SerializeToElement($"{host}:eth{segment.SegmentationId}"),
        }, ResourceStatus.Active);
        Bound.Enqueue((context.Current.Id, host, segment.Id));
        return default;
    }
}
