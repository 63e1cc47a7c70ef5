namespace Ml2.PublicApi.Tests;

/// <summary>Where the repository is, found from the test's output folder.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding <c>Ml2.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The src projects, by name (each is one package and one assembly).</summary>
    public static IReadOnlyList<string> SourceProjects =>
        Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .Select(name => name!)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ml2.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Ml2.sln above {AppContext.BaseDirectory}");
    }
}
