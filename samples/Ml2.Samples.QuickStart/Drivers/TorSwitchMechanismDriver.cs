using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Model;

namespace Ml2.Samples.QuickStart.Drivers;

/// <summary>
/// A top-of-rack switch driver showing hierarchical binding: for a host in one of its racks it takes the network's
/// VXLAN segment, allocates (or reuses) a dynamic VLAN on the rack's physical network and asks the next level (the
/// host agent) to bind that VLAN. The switch maps VNI to VLAN; the host only sees a VLAN.
/// </summary>
public sealed class TorSwitchMechanismDriver : IMechanismDriver
{
    private readonly Dictionary<string, string> _rackPhysnetByHost = new(StringComparer.Ordinal);

    public string Name => "tor-switch";

    public string Connectivity => MechanismDriverConnectivity.L2;

    /// <summary>Declares that <paramref name="host"/> hangs off a switch whose uplink is <paramref name="physicalNetwork"/>.</summary>
    public TorSwitchMechanismDriver WithHost(string host, string physicalNetwork)
    {
        _rackPhysnetByHost[host] = physicalNetwork;
        return this;
    }

    public async ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
    {
        if (!_rackPhysnetByHost.TryGetValue(context.Host, out var physnet))
        {
            return;
        }

        foreach (var segment in context.SegmentsToBind!)
        {
            if (segment.NetworkType != NetworkTypes.Vxlan)
            {
                continue;
            }

            var vlan = await context.AllocateDynamicSegmentAsync(new ProviderSegment(NetworkTypes.Vlan, physnet), cancellationToken);
            context.ContinueBinding(segment.Id, [vlan]);
            return;
        }
    }
}
