using System.Runtime.InteropServices;

namespace Ml2.PublicApi.Tests;

/// <summary>
/// The packages are trimming-safe for a host: a console project that references them by id, binds ML2 and LBaaS options
/// from configuration, keeps state in SQLite (JSON bodies) and places a load balancer, publishes trimmed
/// (<c>PublishTrimmed</c>, self-contained, every trim warning shown one by one) without a single warning, and the
/// trimmed executable runs.
/// </summary>
[Collection(nameof(PackagesCollection))]
public sealed class TrimmedConsumerTests(PackedPackages packages)
{
    [Fact]
    public async Task A_trimmed_consumer_publishes_without_warnings_and_runs()
    {
        var consumer = Directory.CreateDirectory(Path.Combine(packages.WorkFolder, "trimmed")).FullName;
        var output = Path.Combine(consumer, "out");
        DotnetCli.WriteConsumerScaffold(consumer, packages.Folder, [DotnetCli.MachinePackagesFolder]);
        WriteConsumer(consumer, packages.Version);
        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(packages.WorkFolder, "trimmed-packages") };

        var publish = await DotnetCli.RunAsync(consumer, environment,
            "publish", "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "-o", output,
            "--disable-build-servers", "-p:PublishTrimmed=true", "-p:TrimmerSingleWarn=false");

        // TreatWarningsAsErrors (which ILLink follows) already fails the publish on one; this also names it.
        foreach (var warning in new[] { ": warning ", "warning IL", "error IL" })
        {
            publish.StandardOutput.Should().NotContain(warning, $"a trimmed publish shows no trim warning:{Environment.NewLine}{publish.Describe()}");
        }

        var run = await ProcessRunner.RunAsync(Path.Combine(output, "Consumer"), [Path.Combine(consumer, "trimmed.db")], consumer, timeout: TimeSpan.FromMinutes(1));
        run.Succeeded.Should().BeTrue(run.Describe());
        run.StandardOutput.Should().Contain("network web type=vxlan vni=2").And.Contain("port vif=ovs status=ACTIVE")
            .And.Contain("load balancer on adc-1: ").And.Contain("devices in the store after a restart: adc-1", run.Describe());
    }

    private static void WriteConsumer(string directory, string version)
    {
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <InvariantGlobalization>true</InvariantGlobalization>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Lbaas.Core" Version="[{version}]" />
                <PackageReference Include="Ml2.Storage.Sqlite" Version="[{version}]" />
                <PackageReference Include="Lbaas.Storage.Sqlite" Version="[{version}]" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="{DotnetCli.PackageVersion("Microsoft.Extensions.DependencyInjection")}" />
                <PackageReference Include="Microsoft.Extensions.Configuration" Version="{DotnetCli.PackageVersion("Microsoft.Extensions.Configuration")}" />
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using Lbaas.Devices;
            using Lbaas.Service;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            using Ml2.Contexts;
            using Ml2.Drivers;
            using Lbaas;
            using Ml2.Model;
            using Ml2.Plugin;

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ml2:tenant_network_types"] = "vxlan",
                ["ml2:ml2_type_vxlan:vni_ranges"] = "2000:2999",
                ["lbaas:providers"] = "LOADBALANCERV2:adc:trim-adc:default",
            }).Build();

            ServiceProvider Build()
            {
                var services = new ServiceCollection();
                services.AddMl2(configuration.GetSection("ml2")).AddMechanismDriver<TrimSwitchDriver>().UseSqliteStore($"Data Source={args[0]}");
                services.AddLbaas(configuration.GetSection("lbaas")).AddLoadBalancerDriver<TrimAdcDriver>().UseSqliteStore($"Data Source={args[0]}");
                return services.BuildServiceProvider();
            }

            await using (var sp = Build())
            {
                var ml2 = await sp.StartMl2Async();
                var lbaas = await sp.StartLbaasAsync();
                var demo = CallerContext.Tenant("demo");
                var net = await ml2.CreateNetworkAsync(demo, new NetworkCreateRequest { Name = "web" });
                await ml2.CreateSubnetAsync(demo, new SubnetCreateRequest { NetworkId = net.Id, Cidr = "10.0.0.0/24" });
                var port = await ml2.CreatePortAsync(CallerContext.Admin("demo"), new PortCreateRequest
                {
                    NetworkId = net.Id, HostId = "compute-1", Profile = ExtensionAttributes.From(("local_link", new Dictionary<string, object?> { ["port"] = 7 })),
                });
                var segment = (await ml2.GetNetworkAsync(CallerContext.Admin(), net.Id)).Segments[0];
                Console.WriteLine($"network {net.Name} type={segment.NetworkType} vni={segment.SegmentationId}");
                Console.WriteLine($"port vif={port.Binding.VifType} status={port.Status}");

                await sp.GetRequiredService<IDeviceRegistry>().OnboardAsync(new Device
                {
                    Id = "adc-1", Provider = "adc", HostId = "lb-host-1", Capacity = new DeviceCapacity(MaxVips: 8, MaxNetworks: 4),
                    Credentials = new DeviceCredentials("admin", "trim-secret"),
                });
                var lb = await lbaas.CreateLoadBalancerAsync(demo, new LoadBalancerCreateRequest { VipNetworkId = net.Id });
                var placements = await lbaas.GetPlacementAsync(CallerContext.Admin(), lb.Id);
                Console.WriteLine($"load balancer on {string.Join(",", placements.Select(p => p.DeviceId))}: {placements[0].Summary}");
            }

            await using (var sp = Build())
            {
                await sp.StartMl2Async();
                await sp.StartLbaasAsync();
                Console.WriteLine($"devices in the store after a restart: {string.Join(",", sp.GetRequiredService<IDeviceRegistry>().List().Select(d => d.Id))}");
            }

            sealed class TrimSwitchDriver : IMechanismDriver
            {
                public string Name => "trim-switch";
                public ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
                {
                    context.SetBinding(context.SegmentsToBind![0].Id, VifTypes.Ovs, null, ResourceStatus.Active);
                    return default;
                }
            }

            sealed class TrimAdcDriver : ILoadBalancerDriver
            {
                public string Name => "trim-adc";
                public LoadBalancerDriverCapabilities Capabilities { get; } = new() { MaxVipsPerDevice = 8 };
            }
            """);
    }
}
