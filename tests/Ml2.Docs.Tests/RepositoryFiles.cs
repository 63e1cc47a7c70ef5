namespace Ml2.Docs.Tests;

/// <summary>Files of the repository itself (README.md, test.sh, .ci/run, src/*/README.md), found from the test's output folder.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder holding <c>Ml2.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    public static string Path(string relativePath) => System.IO.Path.Combine(Root, relativePath);

    public static string Read(string relativePath) => File.ReadAllText(Path(relativePath)).ReplaceLineEndings("\n");

    /// <summary>README.md and every package README (src/*/README.md), as paths relative to the root.</summary>
    public static IReadOnlyList<string> Readmes() =>
    [
        "README.md",
        .. Directory.GetDirectories(Path("src"))
            .Where(project => File.Exists(System.IO.Path.Combine(project, "README.md")))
            .Select(project => $"src/{System.IO.Path.GetFileName(project)}/README.md")
            .Order(StringComparer.Ordinal),
    ];

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Ml2.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Ml2.sln above {AppContext.BaseDirectory}");
    }
}
