using System.Text.RegularExpressions;

namespace Ml2.Docs.Tests;

/// <summary>
/// docs/operator-guide.md's "Errors" section lists every Neutron error type the SDK and the REST host can answer. The
/// types are found in the sources, so a type a change adds fails this test until the guide names it:
/// <c>OfType("X"</c> calls, the typed exceptions' <c>base("X", ErrorStatus.…)</c> and <c>const string …Type = "X"</c>,
/// the type a typed exception passes to its base (<c>: base("IpAddressGenerationFailure", …</c>), the names their
/// switches and ternaries choose (<c>=&gt; "VlanIdInUse"</c>), literal resources given to
/// <c>ResourceNotFoundException</c>/<c>ResourceInUseException</c> (<c>"Network"</c> → <c>NetworkNotFound</c>), and the
/// REST host's own <c>(status, "Type", …)</c> pairs.
/// </summary>
public sealed partial class ErrorTypesGuideTests
{
    private static readonly string s_guide = GuideFiles.Read("operator-guide.md");

    /// <summary>The types the guide's error table lists, with their statuses.</summary>
    private static Dictionary<string, int> GuideTypes()
    {
        var start = s_guide.IndexOf("\n## Errors\n", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0, "the operator guide has an '## Errors' section");
        var end = s_guide.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? s_guide[start..] : s_guide[start..end];
        return TableRow().Matches(section).ToDictionary(m => m.Groups["type"].Value, m => int.Parse(m.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The error types the sources can raise, each with the file that names it.</summary>
    internal static Dictionary<string, string> SourceTypes()
    {
        var root = RepositoryRoot();
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string type, string file) => found.TryAdd(type, Path.GetRelativePath(root, file));

        var sdkFiles = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories);
        foreach (var file in sdkFiles.Where(f => !IsBuildOutput(f)))
        {
            var text = File.ReadAllText(file);
            var name = Path.GetFileName(file);
            foreach (var regex in new[] { OfTypeCall(), StatusPair(), TypeConstant() })
            {
                foreach (Match m in regex.Matches(text))
                {
                    Add(m.Groups["type"].Value, file);
                }
            }

            foreach (Match m in NotFoundResource().Matches(text))
            {
                Add(m.Groups["resource"].Value.Replace(" ", "", StringComparison.Ordinal) + "NotFound", file);
            }

            foreach (Match m in InUseResource().Matches(text))
            {
                Add(m.Groups["resource"].Value + "InUse", file);
            }

            if (name.EndsWith("Exception.cs", StringComparison.Ordinal))
            {
                foreach (var regex in new[] { ChosenType(), BaseTypeArgument() })
                {
                    foreach (Match m in regex.Matches(text))
                    {
                        Add(m.Groups["type"].Value, file);
                    }
                }

                var suffix = name switch
                {
                    "ResourceInUseException.cs" => "InUse",
                    "ResourceNotFoundException.cs" => "NotFound",
                    _ => null,
                };
                foreach (Match m in suffix is null ? Enumerable.Empty<Match>() : OwnFactory().Matches(text))
                {
                    Add(m.Groups["resource"].Value + suffix, file);
                }
            }
        }

        var host = Path.Combine(root, "samples", "Ml2.Samples.RestHost");
        var hostFiles = Directory.EnumerateFiles(host, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f) && !Path.GetRelativePath(host, f).StartsWith("Octavia", StringComparison.Ordinal));
        foreach (var file in hostFiles)
        {
            foreach (Match m in HostStatusPair().Matches(File.ReadAllText(file)))
            {
                Add(m.Groups["type"].Value, file);
            }
        }

        return found;
    }

    [Fact]
    public void The_source_scan_finds_the_known_types_of_each_kind()
    {
        var found = SourceTypes();
        found.Keys.Should().Contain(
        [
            "InvalidInput", "HTTPBadRequest", "Conflict", "PolicyNotAuthorized", "NoNetworkAvailable", "MechanismDriverError",
            "NetworkNotFound", "PortNotFound", "NetworkInUse", "SubnetInUse", "VlanIdInUse", "FlatNetworkInUse", "TunnelIdInUse",
            "IpAddressInUse", "MacAddressInUse", "IpAddressGenerationFailure", "ImmutableObject", "DeviceNotFound", "LoadBalancerNotFound",
            "HTTPNotImplemented", "SegmentNotFound", "ExtensionNotFound", "BadRequest", "HTTPInternalServerError",
        ]);
    }

    [Fact]
    public void The_operator_guide_lists_every_error_type_the_sources_raise()
    {
        var guide = GuideTypes();
        var missing = SourceTypes().Where(t => !guide.ContainsKey(t.Key)).Select(t => $"{t.Key} (from {t.Value})").Order(StringComparer.Ordinal).ToList();
        missing.Should().BeEmpty("docs/operator-guide.md, section '## Errors', must have a row `| `Type` | status | when |` for each");
    }

    [Fact]
    public void The_guide_gives_each_type_an_http_status_the_sdk_knows()
    {
        var statuses = Enum.GetValues<Ml2.Exceptions.ErrorStatus>().Select(s => (int)s).ToHashSet();
        GuideTypes().Should().NotBeEmpty().And.OnlyContain(t => statuses.Contains(t.Value));
    }

    private static bool IsBuildOutput(string file) =>
        file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ml2.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Ml2.sln not found above the test assembly");
    }

    [GeneratedRegex(@"^\| `(?<type>[A-Za-z]+)` \| (?<status>\d{3}) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"OfType\(\s*""(?<type>[A-Za-z]+)""")]
    private static partial Regex OfTypeCall();

    [GeneratedRegex(@"""(?<type>[A-Za-z]+)""\s*,\s*ErrorStatus\.")]
    private static partial Regex StatusPair();

    [GeneratedRegex(@"const string \w*Type\s*=\s*""(?<type>[A-Za-z]+)""")]
    private static partial Regex TypeConstant();

    [GeneratedRegex(@"new ResourceNotFoundException\(\s*""(?<resource>[A-Za-z ]+)""")]
    private static partial Regex NotFoundResource();

    [GeneratedRegex(@"new ResourceInUseException\(\s*""(?<resource>[A-Za-z]+)""")]
    private static partial Regex InUseResource();

    [GeneratedRegex(@"(?:=>|\?|:)\s*""(?<type>[A-Z][A-Za-z]*(?:InUse|NotFound|Error|Failure))""")]
    private static partial Regex ChosenType();

    [GeneratedRegex(@":\s*base\(\s*""(?<type>[A-Z][A-Za-z]+)""\s*,")]
    private static partial Regex BaseTypeArgument();

    [GeneratedRegex(@"\bnew\(\s*""(?<resource>[A-Z][A-Za-z]*)""")]
    private static partial Regex OwnFactory();

    [GeneratedRegex(@"(?:Status\d{3}\w*|\b[45]\d\d)\s*,\s*""(?<type>[A-Za-z]+)""")]
    private static partial Regex HostStatusPair();
}
