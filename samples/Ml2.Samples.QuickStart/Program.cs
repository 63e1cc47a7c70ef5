// The README's main job: composes the ML2 SDK on its embedded default store (a SQLite file), builds a small cloud
// and prints it. Run it again and it continues from the saved state: each run adds one network and one VM port.
//   dotnet run --project samples/Ml2.Samples.QuickStart [-- --db path/to/file.db] [--fresh]
using Microsoft.Extensions.DependencyInjection;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Samples.QuickStart;
using Ml2.Samples.QuickStart.Drivers;
using Ml2.Samples.QuickStart.LoadBalancing;
using Ml2.Storage;

var databasePath = Path.GetFullPath(OptionValue(args, "--db") ?? "ml2-quickstart.db");
if (args.Contains("--fresh"))
{
    foreach (var suffix in new[] { "", "-wal", "-shm" })
    {
        File.Delete(databasePath + suffix);
    }
}

var hostAgent = new HostAgentMechanismDriver()
    .WithHost("compute-1", bridgedPhysicalNetworks: ["physnet1"], tunnelTypes: ["vxlan"])
    .WithHost("compute-2", bridgedPhysicalNetworks: ["rack1"], tunnelTypes: [])
    .WithHost("lb-host-1", bridgedPhysicalNetworks: ["physnet1"], tunnelTypes: ["vxlan"])
    .WithHost("lb-host-2", bridgedPhysicalNetworks: ["physnet1"], tunnelTypes: ["vxlan"])
    .WithHost("lb-host-3", bridgedPhysicalNetworks: ["physnet1"], tunnelTypes: ["vxlan"]);
var torSwitch = new TorSwitchMechanismDriver().WithHost("compute-2", physicalNetwork: "rack1");

var services = new ServiceCollection();
services.AddMl2(options =>
    {
        options.TenantNetworkTypes = ["vxlan"];
        options.Vlan.NetworkVlanRanges = ["physnet1:100:199", "rack1:300:399"];
        options.Vxlan.VniRanges = ["1000:1999"];
        options.MechanismDrivers = ["tor-switch", "host-agent"];
    })
    .AddMechanismDriver(torSwitch)
    .AddMechanismDriver(hostAgent)
    .UseSqliteStore($"Data Source={databasePath}");
services.AddLbaas(options => options.Providers = ["LOADBALANCERV2:adc:sample-adc:default"])
    .AddLoadBalancerDriver(new SampleAdcDriver());
await using var provider = services.BuildServiceProvider();
await provider.StartLbaasAsync();
var ml2 = provider.GetRequiredService<IMl2Plugin>();

var admin = CallerContext.Admin();
var demo = CallerContext.Tenant("demo");
var nova = new CallerContext("demo", IsAdmin: true); // Nova binds ports with an admin token on the tenant's behalf

var existing = await ml2.ListNetworksAsync(admin);
var run = existing.Count(n => n.Name.StartsWith("run-", StringComparison.Ordinal)) + 1;
Console.WriteLine(run == 1
    ? $"Run 1 on {databasePath} (a new database)"
    : $"Run {run} on {databasePath} (continuing from the state of {run - 1} earlier run(s))");
Console.WriteLine();

var provider1 = existing.FirstOrDefault(n => n.Name == "provider-vlan-100");
var tenantNet = existing.FirstOrDefault(n => n.Name == "demo-net");
if (provider1 is null || tenantNet is null)
{
    provider1 = await ml2.CreateNetworkAsync(admin, new NetworkCreateRequest
    {
        Name = "provider-vlan-100", Shared = true, NetworkType = NetworkTypes.Vlan, PhysicalNetwork = "physnet1", SegmentationId = 100,
    });
    tenantNet = await ml2.CreateNetworkAsync(demo, new NetworkCreateRequest { Name = "demo-net" });
    await ml2.CreateSubnetAsync(admin, new SubnetCreateRequest { NetworkId = provider1.Id, Cidr = "203.0.113.0/24", Name = "provider-v4" });
    await ml2.CreateSubnetAsync(demo, new SubnetCreateRequest { NetworkId = tenantNet.Id, Cidr = "10.0.0.0/24", Name = "demo-v4" });
    await ml2.CreateSubnetAsync(demo, new SubnetCreateRequest { NetworkId = tenantNet.Id, Cidr = "fd00:10::/64", Name = "demo-v6" });

    await ml2.CreatePortAsync(nova, new PortCreateRequest { NetworkId = tenantNet.Id, Name = "vm1-eth0", DeviceId = "vm1", DeviceOwner = "compute:nova", HostId = "compute-1" });
    await ml2.CreatePortAsync(nova, new PortCreateRequest { NetworkId = tenantNet.Id, Name = "vm2-eth0", DeviceId = "vm2", DeviceOwner = "compute:nova", HostId = "compute-2" });
    await ml2.CreatePortAsync(nova, new PortCreateRequest { NetworkId = provider1.Id, Name = "vm4-eth0", DeviceId = "vm4", DeviceOwner = "compute:nova", HostId = "compute-1" });
    await ml2.CreatePortAsync(nova, new PortCreateRequest { NetworkId = provider1.Id, Name = "vm5-eth0", DeviceId = "vm5", DeviceOwner = "compute:nova", HostId = "compute-9" });
}

// Every run: one more tenant network (a new VXLAN segment) and one more VM behind the top-of-rack switch.
await ml2.CreateNetworkAsync(demo, new NetworkCreateRequest { Name = $"run-{run}" });
await ml2.CreatePortAsync(nova, new PortCreateRequest
{
    NetworkId = tenantNet.Id, Name = $"vm-run{run}", DeviceId = $"vm-run{run}", DeviceOwner = "compute:nova", HostId = "compute-2",
});

await LoadBalancingScenario.RunAsync(provider, provider1.Id, tenantNet.Id, Console.Out);
await Report.PrintAsync(ml2, admin, Console.Out);
await Report.PrintSwitchRowsAsync(provider.GetRequiredService<IMl2Store>(), Console.Out);

static string? OptionValue(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
