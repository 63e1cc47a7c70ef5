// The README's main job: composes the ML2 SDK on its embedded default store (a SQLite file), builds a small cloud
// and prints it. Run it again and it continues from the saved state: each run adds one network and one VM port.
//   dotnet run --project samples/Ml2.Samples.QuickStart [-- --db path/to/file.db] [--fresh] [--help]
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Samples.QuickStart;
using Ml2.Samples.QuickStart.Drivers;
using Ml2.Samples.QuickStart.LoadBalancing;
using Ml2.Storage;

CommandLine commandLine;
try
{
    commandLine = CommandLine.Parse(args);
}
catch (ArgumentException error)
{
    // Nothing has been opened yet: a mistyped option leaves the database as it was.
    Console.Error.WriteLine($"Ml2.Samples.QuickStart: {error.Message}");
    Console.Error.WriteLine(CommandLine.Usage);
    return CommandLine.UsageExitCode;
}

if (commandLine.Help)
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}

var databasePath = commandLine.DatabasePath;
if (commandLine.Fresh)
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
// Console logging, registered before the SDK: warnings go to standard error, among them a port left binding_failed
// and the host-agent driver's reason for not binding it.
services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(console => console.SingleLine = true));
services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Warning);
services.AddMl2(ml2Options =>
    {
        ml2Options.TenantNetworkTypes = ["vxlan"];
        ml2Options.Vlan.NetworkVlanRanges = ["physnet1:100:199", "rack1:300:399"];
        ml2Options.Vxlan.VniRanges = ["1000:1999"];
        ml2Options.MechanismDrivers = ["tor-switch", "host-agent"];
    })
    .AddMechanismDriver(torSwitch)
    .AddMechanismDriver(sp => hostAgent.WithLogging(sp.GetRequiredService<ILoggerFactory>()))
    .UseSqliteStore($"Data Source={databasePath}");
services.AddLbaas(options => options.Providers = ["LOADBALANCERV2:adc:sample-adc:default"])
    .AddLoadBalancerDriver(new SampleAdcDriver())
    .UseSqliteStore($"Data Source={databasePath}");   // the same file: ML2 and LBaaS share its connections
await using var provider = services.BuildServiceProvider();
var progress = new Progress(Console.Out, steps: 3);
await progress.StepAsync($"Opening {databasePath} and starting the SDK", async () =>
{
    await provider.StartMl2Async();
    await provider.StartLbaasAsync();
});
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

var (provider1, tenantNet) = await progress.StepAsync<(Network, Network)>("Creating networks, subnets and ports", async () =>
{
    var providerNet = existing.FirstOrDefault(n => n.Name == "provider-vlan-100");
    var demoNet = existing.FirstOrDefault(n => n.Name == "demo-net");
    if (providerNet is null || demoNet is null)
    {
        providerNet = await ml2.CreateNetworkAsync(admin, new NetworkCreateRequest
        {
            Name = "provider-vlan-100", Shared = true, NetworkType = NetworkTypes.Vlan, PhysicalNetwork = "physnet1", SegmentationId = 100,
        });
        demoNet = await ml2.CreateNetworkAsync(demo, new NetworkCreateRequest { Name = "demo-net" });
        await ml2.CreateSubnetAsync(admin, new SubnetCreateRequest { NetworkId = providerNet.Id, Cidr = "203.0.113.0/24", Name = "provider-v4" });
        await ml2.CreateSubnetAsync(demo, new SubnetCreateRequest { NetworkId = demoNet.Id, Cidr = "10.0.0.0/24", Name = "demo-v4" });
        await ml2.CreateSubnetAsync(demo, new SubnetCreateRequest { NetworkId = demoNet.Id, Cidr = "fd00:10::/64", Name = "demo-v6" });

        await ml2.CreatePortAsync(nova, new PortCreateRequest { NetworkId = demoNet.Id, Name = "vm1-eth0", DeviceId = "vm1", DeviceOwner = "compute:nova", HostId = "compute-1" });
        await ml2.CreatePortAsync(nova, new PortCreateRequest { NetworkId = demoNet.Id, Name = "vm2-eth0", DeviceId = "vm2", DeviceOwner = "compute:nova", HostId = "compute-2" });
        await ml2.CreatePortAsync(nova, new PortCreateRequest { NetworkId = providerNet.Id, Name = "vm4-eth0", DeviceId = "vm4", DeviceOwner = "compute:nova", HostId = "compute-1" });
        // compute-9 runs no agent: this port is left binding_failed, and the log says why.
        await ml2.CreatePortAsync(nova, new PortCreateRequest { NetworkId = providerNet.Id, Name = "vm5-eth0", DeviceId = "vm5", DeviceOwner = "compute:nova", HostId = "compute-9" });
    }

    // Every run: one more tenant network (a new VXLAN segment) and one more VM behind the top-of-rack switch.
    await ml2.CreateNetworkAsync(demo, new NetworkCreateRequest { Name = $"run-{run}" });
    await ml2.CreatePortAsync(nova, new PortCreateRequest
    {
        NetworkId = demoNet.Id, Name = $"vm-run{run}", DeviceId = $"vm-run{run}", DeviceOwner = "compute:nova", HostId = "compute-2",
    });
    return (providerNet, demoNet);
});

await progress.StepAsync("On-boarding ADC appliances and placing load balancers", () =>
    LoadBalancingScenario.RunAsync(provider, provider1.Id, tenantNet.Id, Console.Out));
Console.WriteLine();
await Report.PrintAsync(ml2, admin, Console.Out);
await Report.PrintSwitchRowsAsync(provider.GetRequiredService<IMl2Store>(), Console.Out);
return 0;
