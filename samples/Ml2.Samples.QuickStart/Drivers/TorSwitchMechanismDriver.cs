using Ml2.Contexts;
using Ml2.Drivers;
using Ml2.Model;

namespace Ml2.Samples.QuickStart.Drivers;

/// <summary>
/// A top-of-rack switch driver showing hierarchical binding: for a host in one of its racks it takes the network's
/// VXLAN segment, allocates (or reuses) a dynamic VLAN on the rack's physical network and asks the next level (the
/// host agent) to bind that VLAN. The switch maps VNI to VLAN; the host only sees a VLAN.
/// It also keeps a row of its own per port it bound (the switch-port configuration it would push), written in
/// precommit through the store transaction, so the row commits or rolls back with the port - on the SQLite store it
/// is a row in the same database transaction.
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

    /// <summary>The driver's own table (in the store's driver-data rows).</summary>
    public const string PortsTable = "tor-switch:ports";

    public async ValueTask UpdatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken)
    {
        var levels = context.Current.Binding.Levels;
        var mine = levels.FirstOrDefault(l => l.DriverName == Name);
        if (mine is null || levels.Count < 2)
        {
            await context.Transaction!.DriverData.RemoveAsync(PortsTable, context.Current.Id, cancellationToken);
            return;
        }

        var vlan = context.Network.Current.Segments.FirstOrDefault(s => s.Id == levels[mine.Level + 1].SegmentId);
        var vni = context.Network.Current.Segments.FirstOrDefault(s => s.Id == mine.SegmentId);
        var row = $"{{\"host\":\"{context.Current.Binding.HostId}\",\"vni\":{vni?.SegmentationId},\"vlan\":{vlan?.SegmentationId}}}";
        await context.Transaction!.DriverData.SetAsync(PortsTable, context.Current.Id, row, cancellationToken);
    }

    public async ValueTask DeletePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) =>
        await context.Transaction!.DriverData.RemoveAsync(PortsTable, context.Current.Id, cancellationToken);

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
