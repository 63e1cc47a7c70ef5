using System.Reflection;
using System.Text.RegularExpressions;

namespace Ml2.PublicApi.Tests;

/// <summary>
/// The shape docs/architecture.md promises, checked: which package may reference which, small source files, and no
/// cycles between the folders of an engine (a folder is a namespace there), so a reader can follow one direction.
/// </summary>
public sealed partial class ArchitectureTests
{
    private const int MaxLinesPerFile = 400;

    /// <summary>The engines whose folders must form no cycle.</summary>
    public static TheoryData<string> Engines => new(["Lbaas.Core"]);

    [Fact]
    public void No_source_file_is_over_400_lines()
    {
        var tooLong = SourceFiles(Path.Combine(RepositoryPaths.Root, "src"))
            .Select(path => (Path: Path.GetRelativePath(RepositoryPaths.Root, path), Lines: File.ReadLines(path).Count()))
            .Where(file => file.Lines > MaxLinesPerFile)
            .Select(file => $"{file.Path} ({file.Lines} lines)")
            .ToList();

        tooLong.Should().BeEmpty("a file holds one thing a newcomer can read at once; split these along their seams");
    }

    [Fact]
    public void Lbaas_core_depends_on_the_two_abstractions_packages_only()
    {
        var sdk = SdkReferencesOf("Lbaas.Core");

        sdk.Should().BeEquivalentTo(["Ml2.Abstractions", "Lbaas.Abstractions"],
            "LBaaS talks to ML2 only through IMl2Plugin, which the host registers (normally with AddMl2())");
    }

    [Theory]
    [InlineData("Ml2.Abstractions")]
    [InlineData("Ml2.Core")]
    [InlineData("Ml2.Storage.Relational")]
    [InlineData("Ml2.Storage.Sqlite")]
    [InlineData("Ml2.Storage.PostgreSql")]
    public void An_ml2_package_references_nothing_of_lbaas(string package)
    {
        SdkReferencesOf(package).Should().NotContain(name => name.StartsWith("Lbaas.", StringComparison.Ordinal),
            "an ML2-only host pulls in nothing of LBaaS");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void The_folders_of_an_engine_form_no_cycle(string engine)
    {
        var graph = FolderGraph(Path.Combine(RepositoryPaths.Root, "src", engine));

        var cycles = graph.Keys.Select(folder => CycleThrough(graph, folder)).OfType<string>().Distinct().ToList();

        cycles.Should().BeEmpty("each folder of {0} depends on the others in one direction only; edges: {1}", engine,
            string.Join("; ", graph.Where(e => e.Value.Count > 0).Select(e => $"{e.Key} -> {string.Join(", ", e.Value.Order(StringComparer.Ordinal))}")));
    }

    [Fact]
    public void The_folder_graph_finds_a_cycle_when_there_is_one()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["Agents"] = ["Service"],
            ["Service"] = ["Wiring"],
            ["Wiring"] = ["Agents"],
            ["Devices"] = [],
        };

        CycleThrough(graph, "Agents").Should().Be("Agents -> Service -> Wiring -> Agents");
        CycleThrough(graph, "Devices").Should().BeNull();
    }

    /// <summary>The SDK assemblies (src projects) the named one references.</summary>
    private static List<string> SdkReferencesOf(string assemblyName)
    {
        var sdk = RepositoryPaths.SourceProjects.ToHashSet(StringComparer.Ordinal);
        return Assembly.Load(new AssemblyName(assemblyName)).GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(sdk.Contains)
            .ToList();
    }

    private static IEnumerable<string> SourceFiles(string directory) =>
        Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>
    /// Folder -> folders whose types its code names. A type belongs to the top-level folder of the file declaring it;
    /// a name declared in two folders is ignored (it cannot be told apart from source alone); comments and strings are
    /// stripped first, so a doc reference is not a dependency.
    /// </summary>
    private static Dictionary<string, HashSet<string>> FolderGraph(string projectDirectory)
    {
        var files = SourceFiles(projectDirectory)
            .Select(path => (Folder: TopFolder(projectDirectory, path), Code: StripCommentsAndStrings(File.ReadAllText(path))))
            .Where(file => file.Folder is not null)
            .ToList();

        var owners = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (folder, code) in files)
        {
            foreach (Match declaration in TypeDeclaration().Matches(code))
            {
                var name = declaration.Groups["name"].Value;
                owners[name] = owners.TryGetValue(name, out var owner) && owner != folder ? null : folder;
            }
        }

        var graph = files.Select(f => f.Folder!).Distinct().ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var (folder, code) in files)
        {
            foreach (Match identifier in Identifier().Matches(code))
            {
                if (owners.TryGetValue(identifier.Value, out var owner) && owner is not null && owner != folder)
                {
                    graph[folder!].Add(owner);
                }
            }
        }

        return graph;
    }

    /// <summary>The first cycle through <paramref name="start"/>, as "A -> B -> A", or null.</summary>
    private static string? CycleThrough(Dictionary<string, HashSet<string>> graph, string start)
    {
        var path = new List<string> { start };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return Visit(start);

        string? Visit(string folder)
        {
            foreach (var next in graph.GetValueOrDefault(folder, []).Order(StringComparer.Ordinal))
            {
                if (next == start)
                {
                    return string.Join(" -> ", path.Append(start));
                }

                if (seen.Add(next))
                {
                    path.Add(next);
                    if (Visit(next) is { } cycle)
                    {
                        return cycle;
                    }

                    path.RemoveAt(path.Count - 1);
                }
            }

            return null;
        }
    }

    private static string? TopFolder(string projectDirectory, string path)
    {
        var relative = Path.GetRelativePath(projectDirectory, path).Split(Path.DirectorySeparatorChar);
        return relative.Length > 1 ? relative[0] : null;
    }

    private static string StripCommentsAndStrings(string code) => CommentOrString().Replace(code, " ");

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?<name>[A-Z][A-Za-z0-9_]*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9_]*\b")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:[^""]|"""")*""|""(?:\\.|[^""\\\n])*""", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();
}
