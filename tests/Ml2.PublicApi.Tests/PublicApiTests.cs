using System.Reflection;
using System.Text;

namespace Ml2.PublicApi.Tests;

/// <summary>
/// Each package's public surface is checked in as <c>api/&lt;Assembly&gt;.txt</c>; a change to it fails here until
/// it is accepted on purpose. To accept: run these tests with <c>ML2_ACCEPT_API=1</c>, which rewrites the files, then
/// review <c>git diff api/</c> and commit it with the change.
/// </summary>
public sealed class PublicApiTests
{
    private const string AcceptVariable = "ML2_ACCEPT_API";

    /// <summary>The assemblies of the packages, one per src project.</summary>
    private static readonly string[] s_assemblyNames =
    [
        "Lbaas.Abstractions",
        "Lbaas.Core",
        "Lbaas.Storage.PostgreSql",
        "Lbaas.Storage.Relational",
        "Lbaas.Storage.Sqlite",
        "Lbaas.Storage.TestKit",
        "Ml2.Abstractions",
        "Ml2.Core",
        "Ml2.Storage.PostgreSql",
        "Ml2.Storage.Relational",
        "Ml2.Storage.Sqlite",
        "Ml2.Storage.TestKit",
    ];

    /// <summary>The same names, as theory data.</summary>
    public static TheoryData<string> Assemblies => new(s_assemblyNames);

    private static bool Accepting => Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true";

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Public_api_matches_the_checked_in_listing(string assemblyName)
    {
        var actual = PublicApiGenerator.Generate(Assembly.Load(new AssemblyName(assemblyName)));
        var path = Path.Combine(RepositoryPaths.Root, "api", assemblyName + ".txt");
        if (Accepting)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return;
        }

        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            return;
        }

        var message = new StringBuilder();
        message.Append("The public API of ").Append(assemblyName).Append(" differs from api/").Append(assemblyName).Append(".txt");
        message.Append(expected is null ? " (the file does not exist).\n" : ".\n");
        message.Append(Diff(expected ?? "", actual));
        message.Append("\nA removed or changed line breaks code built against the published package. If the change is intended, accept it:\n");
        message.Append("  ").Append(AcceptVariable).Append("=1 dotnet test tests/Ml2.PublicApi.Tests --filter FullyQualifiedName~PublicApiTests\n");
        message.Append("then review `git diff api/` and commit it with the change.");
        Assert.Fail(message.ToString());
    }

    [Fact]
    public void Every_src_project_has_its_listing_and_no_listing_is_stale()
    {
        var tracked = s_assemblyNames.Order(StringComparer.Ordinal).ToList();
        RepositoryPaths.SourceProjects.Should().Equal(tracked, "every src project is a package whose API is tracked; add a new one to PublicApiTests.s_assemblyNames");
        if (!Accepting)
        {
            var listings = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "api"), "*.txt")
                .Select(Path.GetFileNameWithoutExtension)
                .Order(StringComparer.Ordinal);
            listings.Should().Equal(tracked, "api/ holds one listing per package and nothing else");
        }
    }

    [Fact]
    public void The_listing_is_deterministic()
    {
        foreach (var assemblyName in s_assemblyNames)
        {
            var assembly = Assembly.Load(new AssemblyName(assemblyName));
            PublicApiGenerator.Generate(assembly).Should().Be(PublicApiGenerator.Generate(assembly));
        }
    }

    /// <summary>Lines only in the listing (removed) and only in the assembly (added), each with the type it belongs to.</summary>
    private static string Diff(string expected, string actual)
    {
        var before = Qualified(expected);
        var after = Qualified(actual);
        var removed = before.Except(after).ToList();
        var added = after.Except(before).ToList();
        var text = new StringBuilder();
        foreach (var line in removed)
        {
            text.Append("- ").Append(line).Append('\n');
        }

        foreach (var line in added)
        {
            text.Append("+ ").Append(line).Append('\n');
        }

        if (removed.Count == 0 && added.Count == 0)
        {
            text.Append("(the same lines in another order or with other whitespace)\n");
        }

        return text.ToString();
    }

    private static List<string> Qualified(string listing)
    {
        var lines = new List<string>();
        var type = "";
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith(' '))
            {
                lines.Add($"{type}  ::  {line.Trim()}");
            }
            else
            {
                type = line;
                lines.Add(line);
            }
        }

        return lines;
    }
}
