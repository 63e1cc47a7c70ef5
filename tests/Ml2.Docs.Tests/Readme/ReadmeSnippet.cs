using System.Text.RegularExpressions;

namespace Ml2.Docs.Tests.Readme;

/// <summary>
/// One C# block of a README: <c>```csharp</c> (a whole file: a program, or type declarations) or
/// <c>```csharp fragment</c> (leading usings, then statements, compiled inside a wrapper method).
/// </summary>
internal sealed partial record ReadmeSnippet(string File, int Line, bool IsFragment, string Code)
{
    /// <summary>Where the block is, as <c>README.md:26</c> (the line of its opening fence).</summary>
    public string Id => $"{File}:{Line}";

    /// <summary>Every C# block of the README at <paramref name="relativePath"/>, in order.</summary>
    public static IReadOnlyList<ReadmeSnippet> ReadAll(string relativePath)
    {
        var text = RepositoryFiles.Read(relativePath);
        return
        [
            .. CSharpBlock().Matches(text).Select(m => new ReadmeSnippet(
                relativePath,
                text[..m.Index].Count(c => c == '\n') + 1,
                m.Groups["kind"].Value == "fragment",
                m.Groups["code"].Value)),
        ];
    }

    /// <summary>Opening fences that look like C# but are neither <c>csharp</c> nor <c>csharp fragment</c>.</summary>
    public static IReadOnlyList<string> UnrecognisedFences(string relativePath) =>
        [.. OtherCSharpFence().Matches(RepositoryFiles.Read(relativePath)).Select(m => m.Value.TrimEnd())];

    [GeneratedRegex(@"^```csharp(?: (?<kind>fragment))?\n(?<code>.*?)^```$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^```(?!csharp\n|csharp fragment\n)(?:csharp|cs|c#|C#|CSharp)(?=[ \t]|$).*$", RegexOptions.Multiline)]
    private static partial Regex OtherCSharpFence();
}
