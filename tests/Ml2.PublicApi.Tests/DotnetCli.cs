using System.Xml.Linq;

namespace Ml2.PublicApi.Tests;

/// <summary>Runs the <c>dotnet</c> CLI from a test, and lays out consumer projects that stand outside the repository.</summary>
internal static class DotnetCli
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    public static Task<ProcessResult> RunAsync(string directory, params string[] arguments) =>
        RunAsync(directory, new Dictionary<string, string?>(), arguments);

    /// <summary>Runs <c>dotnet</c> and fails the test, with its output, when it exits non-zero.</summary>
    public static async Task<ProcessResult> RunAsync(string directory, Dictionary<string, string?> environment, params string[] arguments)
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

    /// <summary>
    /// Prepares <paramref name="directory"/> for a consumer project: empty Directory.Build.* / Directory.Packages.props
    /// (nothing of the repository or above the temporary folder leaks in) and a nuget.config that adds the folder of
    /// packages just packed to the machine's sources (no &lt;clear/&gt;: the dependencies come from there) and lists
    /// <paramref name="fallbackFolders"/> as read-only fallback folders.
    /// </summary>
    public static void WriteConsumerScaffold(string directory, string packageSource, IEnumerable<string> fallbackFolders)
    {
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), new XDocument(
            new XElement("configuration",
                new XElement("packageSources", new XElement("add", new XAttribute("key", "ml2-local"), new XAttribute("value", packageSource))),
                new XElement("fallbackPackageFolders", fallbackFolders.Select((folder, i) =>
                    new XElement("add", new XAttribute("key", $"fallback{i}"), new XAttribute("value", folder)))))).ToString());
    }

    /// <summary>The machine's global packages folder (used read-only, as a fallback, for Microsoft.Extensions.* and the like).</summary>
    public static string MachinePackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public static string PackageVersion(string id) =>
        XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == id).Attribute("Version")!.Value.Trim('[', ']');
}
