using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace Ml2.PublicApi.Tests;

/// <summary>
/// The packages work for someone who only has the .nupkg files: pack every src project into a temporary folder, create
/// a fresh console project outside the repository that references the packages by id, and build and run it.
/// </summary>
/// <remarks>
/// The pack uses the binaries this test run already built (<c>--no-build</c>, same configuration), so it neither
/// rebuilds nor touches the outputs other test assemblies are running from. The consumer restores into its own
/// packages folder (the machine's global folder is a read-only fallback for Microsoft.Extensions.* and the like), so a
/// stale Ml2 package of the same version in a cache can never stand in for the one just packed. Slow (pack, restore,
/// build, run): kept to one test.
/// </remarks>
public sealed class PackageConsumerTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_fresh_project_referencing_the_packages_by_id_builds_and_runs_AddMl2_with_a_custom_driver_on_SQLite()
    {
        var root = RepositoryPaths.Root;
        var work = Directory.CreateTempSubdirectory("ml2-packages-");
        try
        {
            var packages = Path.Combine(work.FullName, "packages-out");
            var configuration = typeof(PackageConsumerTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            // Each src project on its own: packing the solution also visits the samples, which are not packages.
            foreach (var project in RepositoryPaths.SourceProjects)
            {
                var pack = await RunDotnetAsync(root, "pack", Path.Combine(root, "src", project, project + ".csproj"), "-c", configuration, "--no-build", "--no-restore", "-o", packages);
                Assert.False(pack.StandardOutput.Contains("warning", StringComparison.OrdinalIgnoreCase), $"dotnet pack warned:{Environment.NewLine}{pack.Describe()}");
            }

            var produced = Directory.GetFiles(packages).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            var version = ReadVersionPrefix(root);
            var expected = RepositoryPaths.SourceProjects
                .SelectMany(id => new[] { $"{id}.{version}.nupkg", $"{id}.{version}.snupkg" })
                .Order(StringComparer.Ordinal);
            produced.Should().Equal(expected, "every src project packs one .nupkg and one .snupkg at the VersionPrefix");
            foreach (var id in RepositoryPaths.SourceProjects)
            {
                CheckPackageContents(Path.Combine(packages, $"{id}.{version}.nupkg"), id);
            }

            var consumer = Directory.CreateDirectory(Path.Combine(work.FullName, "consumer")).FullName;
            var restored = Path.Combine(work.FullName, "nuget-packages");
            WriteConsumer(consumer, packages, version, PackageVersion(root, "Microsoft.Extensions.DependencyInjection"));

            var environment = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = restored };
            var run = await RunDotnetAsync(consumer, environment, "run", "-c", "Release", "--disable-build-servers", "--", Path.Combine(work.FullName, "consumer.db"));

            Directory.Exists(Path.Combine(restored, "ml2.core", version)).Should().BeTrue("Ml2.Core comes from the folder just packed, not from a cache");
            Directory.Exists(Path.Combine(restored, "ml2.storage.sqlite", version)).Should().BeTrue();
            ShouldPrint(run, "network web type=vxlan vni=1");
            ShouldPrint(run, "port 10.0.0.");
            ShouldPrint(run, "vif=ovs status=ACTIVE");
            ShouldPrint(run, "driver consumer-switch: network precommit 1, port precommit 1, bound 1");
            ShouldPrint(run, "networks in the store: 1");
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // best effort: a leftover temp folder is harmless
            }
        }
    }

    private static void WriteConsumer(string directory, string packageSource, string version, string dependencyInjectionVersion)
    {
        // Empty Directory.Build.* / Directory.Packages.props stop MSBuild from picking up any such file above the
        // temporary folder; the repository's are not above it anyway.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");

        // Adds the local folder; keeps every source the machine configures (no <clear/>), for the dependencies.
        var fallback = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), new XDocument(
            new XElement("configuration",
                new XElement("packageSources", new XElement("add", new XAttribute("key", "ml2-local"), new XAttribute("value", packageSource))),
                new XElement("fallbackPackageFolders", new XElement("add", new XAttribute("key", "machine"), new XAttribute("value", fallback))))).ToString());

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
                <PackageReference Include="Ml2.Core" Version="{version}" />
                <PackageReference Include="Ml2.Storage.Sqlite" Version="{version}" />
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

    private static Task<ProcessResult> RunDotnetAsync(string directory, params string[] arguments) =>
        RunDotnetAsync(directory, new Dictionary<string, string?>(), arguments);

    private static async Task<ProcessResult> RunDotnetAsync(string directory, Dictionary<string, string?> environment, params string[] arguments)
    {
        // No persistent MSBuild nodes or compiler server: they would outlive the command holding its output pipes.
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        // Set by the test host's own dotnet; a child dotnet finds its own.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            environment[name] = null;
        }

        var result = await ProcessRunner.RunAsync("dotnet", arguments, directory, environment, StepTimeout);
        Assert.True(result.Succeeded, $"'dotnet {string.Join(' ', arguments)}' in {directory} failed:{Environment.NewLine}{result.Describe()}");
        return result;
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

    private static string ReadVersionPrefix(string root) =>
        XDocument.Load(Path.Combine(root, "src", "Directory.Build.props")).Descendants("VersionPrefix").Single().Value.Trim();

    private static string PackageVersion(string root, string id) =>
        XDocument.Load(Path.Combine(root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == id).Attribute("Version")!.Value;
}
