namespace Ml2.Docs.Tests.Readme;

/// <summary>
/// Every C# block of README.md and of each package README (src/*/README.md) compiles without a warning as pasted into
/// a new console project, against the SDK's assemblies; the ones that are programs run to the end and print.
/// </summary>
[Collection(nameof(ConsoleOutputCollection))]
public sealed class ReadmeSnippetTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Snippets() =>
        new(RepositoryFiles.Readmes().SelectMany(ReadmeSnippet.ReadAll).Select(s => s.Id));

    [Theory]
    [MemberData(nameof(Snippets))]
    public async Task Snippet_compiles_and_runs_when_it_is_a_program(string id)
    {
        var snippet = RepositoryFiles.Readmes().SelectMany(ReadmeSnippet.ReadAll).Single(s => s.Id == id);

        var compiled = SnippetCompiler.Compile(snippet);

        compiled.Problems.Should().BeEmpty($"the block at {id} compiles as written (a fragment must be marked ```csharp fragment)");
        if (compiled.IsProgram)
        {
            var output = await SnippetCompiler.RunAsync(compiled.Image!, RunTimeout);
            output.Should().NotBeNullOrWhiteSpace($"the program at {id} prints what it did");
        }
    }

    [Fact]
    public void The_readmes_have_the_blocks_this_test_compiles()
    {
        var snippets = RepositoryFiles.Readmes().SelectMany(ReadmeSnippet.ReadAll).ToList();

        var packages = Directory.GetDirectories(RepositoryFiles.Path("src"))
            .Count(project => File.Exists(System.IO.Path.Combine(project, System.IO.Path.GetFileName(project) + ".csproj")));
        RepositoryFiles.Readmes().Should().HaveCount(1 + packages, "README.md and one README per package (src project)");
        snippets.Where(s => s.File == "README.md" && !s.IsFragment).Should().HaveCountGreaterThanOrEqualTo(2, "the quick start and the load-balancer program");
        foreach (var readme in RepositoryFiles.Readmes().Skip(1))
        {
            snippets.Should().Contain(s => s.File == readme, $"{readme} shows its package in use");
        }
    }

    [Theory]
    [MemberData(nameof(ReadmeFiles))]
    public void Readme_marks_every_c_sharp_block_as_c_sharp_or_c_sharp_fragment(string readme)
    {
        ReadmeSnippet.UnrecognisedFences(readme).Should().BeEmpty("a block this test does not recognise would go uncompiled");
    }

    [Fact]
    public void A_fragment_that_uses_what_it_does_not_import_does_not_compile()
    {
        // The wrapper supplies only `services` and MySwitchDriver: a fragment missing its usings fails, as the did.
        var fragment = new ReadmeSnippet("test.md", 1, IsFragment: true, "services.AddMl2(o => { });\n");

        SnippetCompiler.Compile(fragment).Problems.Should().Contain(p => p.Contains("CS1061", StringComparison.Ordinal));
    }

    public static TheoryData<string> ReadmeFiles() => new(RepositoryFiles.Readmes());
}

/// <summary>Tests that swap <see cref="Console.Out"/> run alone.</summary>
[CollectionDefinition(nameof(ConsoleOutputCollection), DisableParallelization = true)]
public sealed class ConsoleOutputCollection;
