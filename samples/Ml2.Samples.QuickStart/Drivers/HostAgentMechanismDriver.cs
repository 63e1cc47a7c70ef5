using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Model;

namespace Ml2.Samples.QuickStart.Drivers;

/// <summary>
/// A virtual-switch agent driver in the style of Neutron's Open vSwitch driver: it knows, per host, which physical
/// networks are bridged and which tunnel types are enabled, and binds the first segment the host can reach with vif
/// type <c>ovs</c>. It is also the bottom level under <see cref="TorSwitchMechanismDriver"/>.
/// </summary>
public sealed class HostAgentMechanismDriver : IMechanismDriver
{
    private static readonly IReadOnlyDictionary<string, System.Text.Json.JsonElement> s_vifDetails =
        ExtensionAttributes.From(("port_filter", true), ("connectivity", "l2"), ("bridge_name", "br-int"));

    private readonly Dictionary<string, HostConfiguration> _hosts = new(StringComparer.Ordinal);

    public string Name => "host-agent";

    public string Connectivity => MechanismDriverConnectivity.L2;

    /// <summary>Declares what a host's agent can plug.</summary>
    public HostAgentMechanismDriver WithHost(string host, string[] bridgedPhysicalNetworks, string[] tunnelTypes)
    {
        _hosts[host] = new HostConfiguration(bridgedPhysicalNetworks, tunnelTypes);
        return this;
    }

    public ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
    {
        if (context.VnicType != VnicTypes.Normal || !_hosts.TryGetValue(context.Host, out var host))
        {
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

        return default;
    }

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
