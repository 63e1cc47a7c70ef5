using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Ml2.PublicApi.Tests;

/// <summary>
/// The packed packages follow the package conventions: exact version ranges between the SDK's own packages,
/// deterministic builds with no absolute build path inside a shipped dll or pdb, Source Link and embedded sources in
/// the symbols, package validation, trimming and AOT compatibility declared.
/// </summary>
[Collection(nameof(PackagesCollection))]
public sealed partial class PackageConventionsTests(PackedPackages packages)
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    public static TheoryData<string> Ids() => new(RepositoryPaths.SourceProjects);

    [Theory]
    [MemberData(nameof(Ids))]
    public void Dependencies_on_the_SDKs_own_packages_are_exact_versions(string id)
    {
        using var archive = ZipFile.OpenRead(packages.Nupkg(id));
        using var stream = archive.GetEntry($"{id}.nuspec")!.Open();
        var dependencies = XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => (Id: (string)e.Attribute("id")!, Version: (string)e.Attribute("version")!))
            .ToList();

        var own = dependencies.Where(d => RepositoryPaths.SourceProjects.Contains(d.Id)).ToList();
        if (id == "Ml2.Abstractions")
        {
            own.Should().BeEmpty("the contracts depend on no other SDK package");
            return;
        }

        own.Should().NotBeEmpty($"{id} depends on at least one other SDK package")
            .And.OnlyContain(d => d.Version == $"[{packages.Version}]", "a ProjectReference between SDK packages becomes an exact [x.y.z] dependency");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_shipped_dll_and_pdb_hold_no_absolute_build_path_and_the_build_is_deterministic(string id)
    {
        var dll = Entry(packages.Nupkg(id), $"lib/net10.0/{id}.dll");
        var pdb = Entry(packages.Snupkg(id), $"lib/net10.0/{id}.pdb");

        foreach (var (name, bytes) in new[] { ("dll", dll), ("pdb", pdb) })
        {
            foreach (var path in BuildPaths())
            {
                Contains(bytes, Encoding.UTF8.GetBytes(path)).Should().BeFalse($"the packed {id} {name} must not contain the build path {path}");
                Contains(bytes, Encoding.Unicode.GetBytes(path)).Should().BeFalse($"the packed {id} {name} must not contain the build path {path} (UTF-16)");
            }
        }

        using var pe = new PEReader(new MemoryStream(dll));
        var debug = pe.ReadDebugDirectory();
        debug.Should().Contain(e => e.Type == DebugDirectoryEntryType.Reproducible, "Deterministic builds mark the image reproducible");
        var codeView = pe.ReadCodeViewDebugDirectoryData(debug.Single(e => e.Type == DebugDirectoryEntryType.CodeView));
        codeView.Path.Should().StartWith("/_/", "the pdb path is mapped, not the build machine's");

        using var pdbReader = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
        var documents = Documents(pdbReader.GetMetadataReader()).ToList();
        documents.Should().NotBeEmpty();
        documents.Select(d => d.Name).Should().OnlyContain(name => name.StartsWith("/_/", StringComparison.Ordinal), "source paths are mapped to /_/");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task The_symbols_carry_source_link_to_the_commit_and_every_source_file_embedded(string id)
    {
        var pdb = Entry(packages.Snupkg(id), $"lib/net10.0/{id}.pdb");
        using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
        var reader = provider.GetMetadataReader();

        var sourceLink = reader.CustomDebugInformation.Select(reader.GetCustomDebugInformation)
            .Where(c => reader.GetGuid(c.Kind) == SourceLinkKind)
            .Select(c => Encoding.UTF8.GetString(reader.GetBlobBytes(c.Value)))
            .SingleOrDefault();
        sourceLink.Should().NotBeNull($"{id}.pdb has Source Link");
        var mapping = JsonDocument.Parse(sourceLink!).RootElement.GetProperty("documents");
        mapping.TryGetProperty("/_/*", out var url).Should().BeTrue($"the repository root /_/ is mapped: {sourceLink}");
        var commit = CommitInUrl().Match(url.GetString()!);
        commit.Success.Should().BeTrue($"Source Link points at a commit: {url.GetString()}");
        url.GetString().Should().EndWith("/*");
        // The binaries may have been built before the last commit (tests run --no-build), so: a commit of this history.
        var ancestor = await ProcessRunner.RunAsync("git", ["merge-base", "--is-ancestor", commit.Groups[1].Value, "HEAD"], RepositoryPaths.Root);
        ancestor.ExitCode.Should().Be(0, $"{commit.Groups[1].Value} is HEAD or one of its ancestors: {ancestor.Describe()}");

        var documents = Documents(reader).Where(d => d.Name.EndsWith(".cs", StringComparison.Ordinal)).ToList();
        documents.Should().Contain(d => d.Name.StartsWith($"/_/src/{id}/", StringComparison.Ordinal));
        foreach (var (name, handle) in documents)
        {
            reader.GetCustomDebugInformation(handle).Select(reader.GetCustomDebugInformation)
                .Should().Contain(c => reader.GetGuid(c.Kind) == EmbeddedSourceKind, $"{name} is embedded in {id}.pdb");
        }
    }

    [Fact]
    public async Task The_library_projects_enable_package_validation_trimming_and_AOT_analysis()
    {
        var properties = new[] { "EnablePackageValidation", "IsTrimmable", "IsAotCompatible", "EnableConfigurationBindingGenerator", "Deterministic", "ContinuousIntegrationBuild", "TreatWarningsAsErrors" };
        foreach (var project in RepositoryPaths.SourceProjects)
        {
            var result = await DotnetCli.RunAsync(
                RepositoryPaths.Root,
                ["msbuild", Path.Combine("src", project, project + ".csproj"), .. properties.Select(p => "-getProperty:" + p)]);
            var values = JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("Properties");
            foreach (var property in properties)
            {
                values.GetProperty(property).GetString().Should().Be("true", $"{project} sets {property}");
            }
        }
    }

    /// <summary>Absolute paths of this build that must not leak: the repository root and the user's home.</summary>
    private static IEnumerable<string> BuildPaths()
    {
        yield return RepositoryPaths.Root.TrimEnd('/') + "/";
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 1)
        {
            yield return home.TrimEnd('/') + "/";
        }
    }

    private static IEnumerable<(string Name, DocumentHandle Handle)> Documents(MetadataReader reader) =>
        reader.Documents.Select(h => (reader.GetString(reader.GetDocument(h).Name), h));

    private static byte[] Entry(string package, string path)
    {
        using var archive = ZipFile.OpenRead(package);
        var entry = archive.GetEntry(path) ?? throw new InvalidOperationException($"{Path.GetFileName(package)} has no {path}");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    [GeneratedRegex("/([0-9a-f]{40})/")]
    private static partial Regex CommitInUrl();

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
