using Ml2.Samples.RestHost.Hosting;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Logging;

namespace Ml2.Samples.RestHost.Tests;

/// <summary>docs/operator-guide.md, section "The REST host", names every option, key and path the host's code defines.</summary>
public sealed class OperatorGuideTests
{
    public static TheoryData<string> HostNames() =>
    [
        HostConfiguration.ConfigOption + " FILE",
        "--log-format text\\|json",
        LogFormat.Key,
        RequestIdMiddleware.HeaderName + ": req-<uuid>",
        RequestIdMiddleware.AccessLogCategory,
        RestHostApplication.OpenApiPath.Replace("{documentName}", "v1", StringComparison.Ordinal),
        IdentityOptions.SectionName + ":default_project_id",
        "store:type",
        "store:path",
        "lbaas:devices:<n>:id",
        "/v2.0/segments[/{id}]",
        "healthmonitors",
        "flavorprofiles[/{id}]",
        "PRAGMA wal_checkpoint(TRUNCATE)",
    ];

    [Theory]
    [MemberData(nameof(HostNames))]
    public void The_guide_names_it(string name)
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "operator-guide.md"));
        var start = guide.IndexOf("## The REST host", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "the guide has a section '## The REST host'");
        var end = guide.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        guide[start..end].Should().Contain($"`{name}`");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ml2.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Ml2.sln not found above the test assembly");
    }
}
