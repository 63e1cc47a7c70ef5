using Ml2.Model;
using Ml2.Plugin;
using Ml2.Samples.QuickStart.Drivers;
using Ml2.Storage;

namespace Ml2.Samples.QuickStart;

/// <summary>Prints networks with their segments, subnets and ports with their bindings.</summary>
internal static class Report
{
    public static async Task PrintAsync(IMl2Plugin ml2, CallerContext admin, TextWriter output)
    {
        var networks = await ml2.ListNetworksAsync(admin);
        var subnets = await ml2.ListSubnetsAsync(admin);
        var ports = await ml2.ListPortsAsync(admin);

        output.WriteLine($"Networks ({networks.Count})");
        foreach (var network in networks)
        {
            output.WriteLine($"  {network.Name,-18} project={network.TenantId,-6} mtu={network.Mtu,-5} shared={network.Shared}");
            foreach (var segment in network.Segments)
            {
                var kind = segment.IsDynamic ? "dynamic" : "static ";
                output.WriteLine($"    segment {kind} {segment.NetworkType,-6} physnet={segment.PhysicalNetwork ?? "-",-9} id={segment.SegmentationId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",-6} mtu={segment.Mtu}");
            }

            foreach (var subnet in subnets.Where(s => s.NetworkId == network.Id))
            {
                var pools = string.Join(", ", subnet.AllocationPools.Select(p => $"{p.Start}-{p.End}"));
                output.WriteLine($"    subnet  {subnet.Name,-10} {subnet.Cidr,-16} gateway={subnet.GatewayIp ?? "none"} pools={pools}");
            }
        }

        output.WriteLine();
        output.WriteLine($"Ports ({ports.Count})");
        var segmentsById = networks.SelectMany(n => n.Segments).ToDictionary(s => s.Id);
        foreach (var port in ports)
        {
            var network = networks.First(n => n.Id == port.NetworkId);
            var ips = string.Join(", ", port.FixedIps.Select(ip => ip.IpAddress));
            output.WriteLine($"  {port.Name,-9} on {network.Name,-18} host={port.Binding.HostId,-10} mac={port.MacAddress} status={port.Status,-6} vif={port.Binding.VifType}");
            output.WriteLine($"    fixed ips: {ips}");
            foreach (var level in port.Binding.Levels)
            {
                var segment = segmentsById.GetValueOrDefault(level.SegmentId);
                output.WriteLine($"    level {level.Level}: {level.DriverName,-10} bound {segment?.NetworkType}:{segment?.PhysicalNetwork ?? "-"}:{segment?.SegmentationId}");
            }
        }
    }

    /// <summary>Prints the rows the top-of-rack driver keeps for itself (written in precommit, in the store transaction).</summary>
    public static async Task PrintSwitchRowsAsync(IMl2Store store, TextWriter output)
    {
        await using var read = await store.BeginReadOnlyTransactionAsync();
        var rows = await read.DriverData.ListAsync(TorSwitchMechanismDriver.PortsTable);
        output.WriteLine();
        output.WriteLine($"Rows kept by the tor-switch driver in its own table ({rows.Count})");
        foreach (var (port, row) in rows)
        {
            output.WriteLine($"  port {port}: {row}");
        }
    }
}
