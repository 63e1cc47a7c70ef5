using System.Globalization;
using System.Reflection;
using System.Xml.Linq;

namespace Ml2.PublicApi.Tests;

/// <summary>
/// Every src project packed once per test run into a temporary folder, at a version unique to the run
/// (<c>&lt;VersionPrefix&gt;-test.&lt;UTC time&gt;.r&lt;random&gt;</c>): no NuGet cache or fallback folder on any machine
/// can already hold it, so a consumer that restores it gets exactly the bits just packed.
/// </summary>
/// <remarks>
/// The pack uses the binaries this test run already built (<c>--no-build</c>, same configuration), so it neither
/// rebuilds nor touches the outputs other test assemblies are running from; its intermediate .nuspec files go to the
/// temporary folder too. Shared by the tests of <see cref="PackagesCollection"/>, which run one after the other.
/// </remarks>
public sealed class PackedPackages : IAsyncLifetime
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("ml2-packages-");

    /// <summary>The folder of the .nupkg and .snupkg files.</summary>
    public string Folder => Path.Combine(_work.FullName, "packages-out");

    /// <summary>A scratch folder for consumers, deleted with the packages.</summary>
    public string WorkFolder => _work.FullName;

    /// <summary>The VersionPrefix of src/Directory.Build.props (the version a plain <c>dotnet pack</c> gives).</summary>
    public string VersionPrefix { get; } =
        XDocument.Load(Path.Combine(RepositoryPaths.Root, "src", "Directory.Build.props")).Descendants("VersionPrefix").Single().Value.Trim();

    /// <summary>The version every package was packed at, unique to this run.</summary>
    public string Version { get; private set; } = "";

    /// <summary>What <c>dotnet pack</c> printed, project by project.</summary>
    public IReadOnlyList<ProcessResult> PackOutputs { get; private set; } = [];

    public string Nupkg(string id) => Path.Combine(Folder, $"{id}.{Version}.nupkg");

    public string Snupkg(string id) => Path.Combine(Folder, $"{id}.{Version}.snupkg");

    public async Task InitializeAsync()
    {
        var suffix = string.Create(CultureInfo.InvariantCulture, $"test.{DateTime.UtcNow:yyyyMMddHHmmss}.r{Guid.NewGuid():N}")[..40];
        Version = $"{VersionPrefix}-{suffix}";
        var configuration = typeof(PackedPackages).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var outputs = new List<ProcessResult>();
        // Each src project on its own: packing the solution also visits the samples, which are not packages.
        foreach (var project in RepositoryPaths.SourceProjects)
        {
            outputs.Add(await DotnetCli.RunAsync(
                RepositoryPaths.Root,
                "pack", Path.Combine(RepositoryPaths.Root, "src", project, project + ".csproj"),
                "-c", configuration, "--no-build", "--no-restore", "-o", Folder,
                $"-p:VersionSuffix={suffix}",
                $"-p:NuspecOutputPath={Path.Combine(_work.FullName, "nuspec", project)}/"));
        }

        PackOutputs = outputs;
    }

    public Task DisposeAsync()
    {
        try
        {
            _work.Delete(recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temp folder is harmless
        }

        return Task.CompletedTask;
    }
}

/// <summary>The tests that use the packed packages: they share one pack and run one after the other.</summary>
[CollectionDefinition(nameof(PackagesCollection))]
public sealed class PackagesCollection : ICollectionFixture<PackedPackages>;
