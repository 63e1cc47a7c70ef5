using System.Text.RegularExpressions;

namespace Ml2.Docs.Tests;

/// <summary>The guides and examples as copied next to the test assembly (see the project file).</summary>
internal static partial class GuideFiles
{
    public static string DocsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "docs");

    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(DocsDirectory, relativePath)).ReplaceLineEndings("\n");

    /// <summary>
    /// The fenced code blocks that follow an <c>&lt;!-- include: path --&gt;</c> marker, by path: the marker says which
    /// file the block must equal.
    /// </summary>
    public static IReadOnlyList<(string Path, string Language, string Code)> IncludedBlocks(string guide) =>
        [.. IncludeMarker().Matches(guide).Select(m => (m.Groups["path"].Value, m.Groups["lang"].Value, m.Groups["code"].Value))];

    [GeneratedRegex(@"<!-- include: (?<path>[^ ]+) -->\n```(?<lang>\w+)\n(?<code>.*?)```\n", RegexOptions.Singleline)]
    private static partial Regex IncludeMarker();
}
