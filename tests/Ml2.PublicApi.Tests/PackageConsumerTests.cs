using System.IO.Compression;
using System.Xml.Linq;

namespace Ml2.PublicApi.Tests;

/// <summary>
/// The packages work for someone who only has the .nupkg files: a fresh console project outside the repository
/// references the packages by id (packed by <see cref="PackedPackages"/> at a version unique to the run) and builds and
/// runs. Slow (restore, build, run): kept to one test.
/// </summary>
[Collection(nameof(PackagesCollection))]
public sealed class PackageConsumerTests(PackedPackages packages)
{
    [Fact]
    public async Task A_fresh_project_referencing_the_packages_by_id_builds_and_runs_add_ml_2_with_a_custom_driver_on_SQ_lite()
    {
        foreach (var pack in packages.PackOutputs)
        {
            Assert.False(pack.StandardOutput.Contains("warning", StringComparison.OrdinalIgnoreCase), $"dotnet pack warned:{Environment.NewLine}{pack.Describe()}");
        }

        var produced = Directory.GetFiles(packages.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var expected = RepositoryPaths.SourceProjects
            .SelectMany(id => new[] { $"{id}.{packages.Version}.nupkg", $"{id}.{packages.Version}.snupkg" })
            .Order(StringComparer.Ordinal);
        produced.Should().Equal(expected, "every src project packs one .nupkg and one .snupkg");
        foreach (var id in RepositoryPaths.SourceProjects)
        {
            CheckPackageContents(packages.Nupkg(id), id);
        }

        var consumer = Directory.CreateDirectory(Path.Combine(packages.WorkFolder, "consumer")).FullName;
        var restored = Path.Combine(packages.WorkFolder, "consumer-packages");
        // A machine where someone tried the packages before: its package folders hold Ml2 packages at the plain
        // VersionPrefix (here stale ones, with no assemblies at all). They must not stand in for the ones just packed.
        var stale = PlantStalePackages(Path.Combine(packages.WorkFolder, "stale-packages"));
        DotnetCli.WriteConsumerScaffold(consumer, packages.Folder, [stale, DotnetCli.MachinePackagesFolder]);
        WriteConsumer(consumer, packages.Version, DotnetCli.PackageVersion("Microsoft.Extensions.DependencyInjection"));

        var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = restored };
        var run = await DotnetCli.RunAsync(consumer, environment, "run", "-c", "Release", "--disable-build-servers", "--", Path.Combine(packages.WorkFolder, "consumer.db"));

        Directory.Exists(Path.Combine(restored, "ml2.core", packages.Version)).Should().BeTrue("Ml2.Core comes from the folder just packed, not from a cache");
        Directory.Exists(Path.Combine(restored, "ml2.storage.sqlite", packages.Version)).Should().BeTrue();
        ShouldPrint(run, "network web type=vxlan vni=1");
        ShouldPrint(run, "port 10.0.0.");
        ShouldPrint(run, "vif=ovs status=ACTIVE");
        ShouldPrint(run, "driver consumer-switch: network precommit 1, port precommit 1, bound 1");
        ShouldPrint(run, "networks in the store: 1");
    }

    /// <summary>Ml2.Core and Ml2.Storage.Sqlite at the VersionPrefix, laid out as in a global packages folder, empty.</summary>
    private string PlantStalePackages(string folder)
    {
        foreach (var id in new[] { "Ml2.Core", "Ml2.Storage.Sqlite", "Ml2.Abstractions", "Ml2.Storage.Relational" })
        {
            var lower = id.ToLowerInvariant();
            var directory = Directory.CreateDirectory(Path.Combine(folder, lower, packages.VersionPrefix)).FullName;
            File.WriteAllText(Path.Combine(directory, $"{lower}.nuspec"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata><id>{id}</id><version>{packages.VersionPrefix}</version><authors>stale</authors><description>stale</description></metadata>
                </package>
                """);
            File.WriteAllText(Path.Combine(directory, $"{lower}.{packages.VersionPrefix}.nupkg.sha512"), "c3RhbGU=");
            File.WriteAllText(Path.Combine(directory, ".nupkg.metadata"), """{ "version": 2, "contentHash": "c3RhbGU=", "source": null }""");
        }

        return folder;
    }

    private static void WriteConsumer(string directory, string version, string dependencyInjectionVersion)
    {
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Ml2.Core" Version="[{version}]" />
                <PackageReference Include="Ml2.Storage.Sqlite" Version="[{version}]" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="{dependencyInjectionVersion}" />
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using Microsoft.Extensions.DependencyInjection;
            using Ml2.Contexts;
            using Ml2.Drivers;
            using Ml2.Model;
            using Ml2.Plugin;

            var driver = new ConsumerSwitchDriver();
            var services = new ServiceCollection();
            services.AddMl2(o => { o.TenantNetworkTypes = ["vxlan"]; o.Vxlan.VniRanges = ["1000:1999"]; })
                    .AddMechanismDriver(driver)
                    .UseSqliteStore($"Data Source={args[0]}");
            await using (var provider = services.BuildServiceProvider())
            {
                var ml2 = await provider.StartMl2Async();
                var demo = CallerContext.Tenant("demo");
                var net = await ml2.CreateNetworkAsync(demo, new NetworkCreateRequest { Name = "web" });
                await ml2.CreateSubnetAsync(demo, new SubnetCreateRequest { NetworkId = net.Id, Cidr = "10.0.0.0/24" });
                var port = await ml2.CreatePortAsync(CallerContext.Admin("demo"), new PortCreateRequest { NetworkId = net.Id, HostId = "compute-1" });
                var segment = (await ml2.GetNetworkAsync(CallerContext.Admin(), net.Id)).Segments[0]; // provider attributes: admin only
                Console.WriteLine($"network {net.Name} type={segment.NetworkType} vni={segment.SegmentationId}");
                Console.WriteLine($"port {port.FixedIps[0].IpAddress} vif={port.Binding.VifType} status={port.Status}");
                Console.WriteLine($"driver {driver.Name}: network precommit {driver.NetworkPrecommits}, port precommit {driver.PortPrecommits}, bound {driver.Bound}");
            }

            // A second container on the same file: the state is durable.
            var again = new ServiceCollection();
            again.AddMl2(o => { o.TenantNetworkTypes = ["vxlan"]; o.Vxlan.VniRanges = ["1000:1999"]; })
                 .AddMechanismDriver(new ConsumerSwitchDriver())
                 .UseSqliteStore($"Data Source={args[0]}");
            await using (var provider = again.BuildServiceProvider())
            {
                var ml2 = await provider.StartMl2Async();
                Console.WriteLine($"networks in the store: {(await ml2.ListNetworksAsync(CallerContext.Admin())).Count}");
            }

            sealed class ConsumerSwitchDriver : IMechanismDriver
            {
                public string Name => "consumer-switch";
                public int NetworkPrecommits { get; private set; }
                public int PortPrecommits { get; private set; }
                public int Bound { get; private set; }

                public ValueTask CreateNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken)
                {
                    NetworkPrecommits++;
                    return default;
                }

                public ValueTask CreatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken)
                {
                    PortPrecommits++;
                    return default;
                }

                public ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken)
                {
                    Bound++;
                    context.SetBinding(context.SegmentsToBind![0].Id, VifTypes.Ovs, null, ResourceStatus.Active);
                    return default;
                }
            }
            """);
    }

    /// <summary>The package carries its README, XML docs and the metadata a feed shows.</summary>
    private static void CheckPackageContents(string nupkg, string id)
    {
        using var archive = ZipFile.OpenRead(nupkg);
        var entries = archive.Entries.Select(e => e.FullName).ToList();
        entries.Should().Contain(["README.md", $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml"], $"{id} packs its readme and XML docs");

        using var stream = archive.GetEntry($"{id}.nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        ((string?)license.Attribute("type")).Should().Be("expression");
        license.Value.Should().Be("Apache-2.0");
        Value("readme").Should().Be("README.md");
        Value("description").Should().NotBeNullOrWhiteSpace();
        Value("authors").Should().NotBeNullOrWhiteSpace();
        Value("tags").Should().Contain("ml2");
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        ((string?)repository.Attribute("type")).Should().Be("git");
        ((string?)repository.Attribute("url")).Should().NotBeNullOrEmpty();
    }

    private static void ShouldPrint(ProcessResult run, string expected) =>
        Assert.True(run.StandardOutput.Contains(expected, StringComparison.Ordinal), $"The consumer did not print '{expected}':{Environment.NewLine}{run.Describe()}");
}
