using System.Text.RegularExpressions;

namespace Ml2.Docs.Tests;

/// <summary>
/// docs/telemetry.md lists every instrument, span, span event and attribute the sources use. The names are found in
/// <c>src/</c>: string literals in the <c>ml2.</c> and <c>lbaas.</c> namespaces (instrument, span, event and attribute
/// names are all constants), the plugin's operation spans (<c>Begin("create_port")</c> is span <c>ml2.create_port</c>),
/// and <c>error.type</c>. Each instrument's row must also give the type and unit the code creates it with.
/// </summary>
public sealed partial class TelemetryGuideTests
{
    private static readonly string s_guide = GuideFiles.Read("telemetry.md");

    /// <summary>Every telemetry name in the sources, with the file that uses it.</summary>
    internal static Dictionary<string, string> SourceNames()
    {
        var root = RepositoryRoot();
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in SourceFiles(root))
        {
            var text = File.ReadAllText(file);
            var relative = Path.GetRelativePath(root, file);
            foreach (Match m in NamespacedLiteral().Matches(text))
            {
                found.TryAdd(m.Groups["name"].Value, relative);
            }

            foreach (Match m in OperationSpan().Matches(text))
            {
                found.TryAdd("ml2." + m.Groups["operation"].Value, relative);
            }

            if (text.Contains("\"error.type\"", StringComparison.Ordinal))
            {
                found.TryAdd("error.type", relative);
            }
        }

        return found;
    }

    /// <summary>Every instrument the sources create: name, type (Counter, UpDownCounter, Histogram) and unit.</summary>
    internal static List<(string Name, string Type, string Unit)> SourceInstruments() =>
        [.. SourceFiles(RepositoryRoot())
            .SelectMany(f => InstrumentCreation().Matches(File.ReadAllText(f)))
            .Select(m => (m.Groups["name"].Value, m.Groups["type"].Value, m.Groups["unit"].Value))];

    [Fact]
    public void The_source_scan_finds_the_known_names_of_each_kind()
    {
        SourceNames().Keys.Should().Contain(
        [
            "ml2.operations", "ml2.operation.duration", "ml2.retries", "lbaas.retries", "lbaas.placements", "lbaas.placement.duration",
            "ml2.create_port", "ml2.get_port_bindings", "ml2.mechanism_driver.precommit", "ml2.port_binding", "ml2.journal.delivery",
            "lbaas.create_loadbalancer", "lbaas.placement", "lbaas.placement.claim", "lbaas.wiring", "lbaas.agent.operation",
            "ml2.retry", "lbaas.placement.rejection",
            "error.type", "ml2.operation", "ml2.driver", "ml2.hook", "ml2.binding.level", "ml2.segment.id", "lbaas.device.id", "lbaas.placement.candidates",
        ]);
        SourceInstruments().Should().Contain(("ml2.operation.duration", "Histogram", "s")).And.Contain(("ml2.retries", "Counter", "{retry}")).And.Contain(("lbaas.retries", "Counter", "{retry}"));
    }

    [Fact]
    public void The_telemetry_guide_lists_every_instrument_span_event_and_attribute_the_sources_use()
    {
        var missing = SourceNames().Where(n => !s_guide.Contains($"`{n.Key}`", StringComparison.Ordinal))
            .Select(n => $"{n.Key} (from {n.Value})").Order(StringComparer.Ordinal).ToList();

        missing.Should().BeEmpty("docs/telemetry.md must name each in backticks");
    }

    [Fact]
    public void The_telemetry_guide_gives_each_instrument_the_type_and_unit_of_the_code()
    {
        var instruments = SourceInstruments();
        instruments.Should().NotBeEmpty();

        var wrong = instruments.Where(i => !s_guide.Contains($"| `{i.Name}` | {i.Type} | `{i.Unit}` |", StringComparison.Ordinal))
            .Select(i => $"| `{i.Name}` | {i.Type} | `{i.Unit}` |").ToList();

        wrong.Should().BeEmpty("each instrument's row in docs/telemetry.md starts with its name, type and unit");
    }

    [Fact]
    public void Durations_are_histograms_in_seconds_and_counters_have_a_unit()
    {
        var instruments = SourceInstruments();

        instruments.Where(i => i.Name.EndsWith(".duration", StringComparison.Ordinal)).Should().OnlyContain(i => i.Type == "Histogram" && i.Unit == "s");
        instruments.Where(i => i.Type != "Histogram").Should().OnlyContain(i => i.Unit.StartsWith('{') && i.Unit.EndsWith('}'));
    }

    private static IEnumerable<string> SourceFiles(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ml2.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Ml2.sln not found above the test assembly");
    }

    [GeneratedRegex(@"""(?<name>(?:ml2|lbaas)\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)""")]
    private static partial Regex NamespacedLiteral();

    [GeneratedRegex(@"\bBegin\(""(?<operation>[a-z_]+)""\)")]
    private static partial Regex OperationSpan();

    [GeneratedRegex(@"\.Create(?<type>Counter|UpDownCounter|Histogram)(?:<\w+>)?\(\s*""(?<name>[^""]+)""\s*,\s*""(?<unit>[^""]+)""")]
    private static partial Regex InstrumentCreation();
}
