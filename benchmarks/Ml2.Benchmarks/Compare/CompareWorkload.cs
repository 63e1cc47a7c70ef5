using System.Diagnostics;
using Ml2.Plugin;

namespace Ml2.Benchmarks.Compare;

/// <summary>
/// <c>compare-workload --store memory|sqlite</c>: a fixed whole-process workload for the peak-RSS figure of the Neutron
/// comparison (run under <c>/usr/bin/time -v</c> by benchmarks/compare/run.sh). It mirrors one harness child: plugin
/// set-up with a VXLAN pool of 1..16,777,215, 100 tenant VLAN networks created and deleted, 100 ports without subnet,
/// 100 with an IPv4 subnet, 100 bound at create, 100 bound by update, all deleted; then the VLAN pool allocated in full
/// and released, and 10,000 VXLAN tenant networks created and deleted.
/// </summary>
internal static class CompareWorkload
{
    public const string Command = "compare-workload";

    public static async Task<int> RunAsync(string[] args)
    {
        var store = args.Length >= 2 && args[0] == "--store" ? args[1] : CompareHost.Memory;
        var clock = Stopwatch.StartNew();
        var host = CompareHost.Create(store, "1:16777215");
        await using (host)
        {
            var plugin = host.Plugin;
            var admin = CompareHost.Admin;
            var networks = new List<string>();
            for (var i = 0; i < 100; i++)
            {
                networks.Add((await plugin.CreateNetworkAsync(admin, new NetworkCreateRequest { Name = "n" })).Id);
            }

            foreach (var id in networks)
            {
                await plugin.DeleteNetworkAsync(admin, id);
            }

            var bare = (await plugin.CreateNetworkAsync(admin, new NetworkCreateRequest { Name = "bare" })).Id;
            var withSubnet = (await plugin.CreateNetworkAsync(admin, new NetworkCreateRequest { Name = "sub" })).Id;
            await plugin.CreateSubnetAsync(admin, new SubnetCreateRequest { NetworkId = withSubnet, Cidr = "10.0.0.0/16" });
            var ports = new List<string>();
            for (var i = 0; i < 100; i++)
            {
                ports.Add((await plugin.CreatePortAsync(admin, new PortCreateRequest { NetworkId = bare })).Id);
                ports.Add((await plugin.CreatePortAsync(admin, new PortCreateRequest { NetworkId = withSubnet })).Id);
                ports.Add((await plugin.CreatePortAsync(admin, new PortCreateRequest { NetworkId = withSubnet, HostId = "compute-1" })).Id);
                var port = await plugin.CreatePortAsync(admin, new PortCreateRequest { NetworkId = withSubnet });
                await plugin.UpdatePortAsync(admin, port.Id, new PortUpdateRequest { HostId = "compute-1" });
                ports.Add(port.Id);
            }

            foreach (var id in ports)
            {
                await plugin.DeletePortAsync(admin, id);
            }

            // VLAN pool: 4,094 tenant networks (2 are in use above), then all deleted.
            networks.Clear();
            for (var i = 0; i < 4092; i++)
            {
                networks.Add((await plugin.CreateNetworkAsync(admin, new NetworkCreateRequest { Name = "v" })).Id);
            }

            // The VLAN pool is now full, so tenant networks come from the VXLAN pool.
            for (var i = 0; i < 10_000; i++)
            {
                networks.Add((await plugin.CreateNetworkAsync(admin, new NetworkCreateRequest { Name = "x" })).Id);
            }

            foreach (var id in networks)
            {
                await plugin.DeleteNetworkAsync(admin, id);
            }
        }

        Console.WriteLine($"compare-workload store={store} wall={clock.Elapsed.TotalSeconds:F2}s");
        return 0;
    }
}
