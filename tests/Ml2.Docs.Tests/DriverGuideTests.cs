namespace Ml2.Docs.Tests;

/// <summary>docs/driver-guide.md shows every example file verbatim, and each example stays short.</summary>
public sealed class DriverGuideTests
{
    private static readonly string s_guide = GuideFiles.Read("driver-guide.md");

    public static TheoryData<string> ExampleFiles() => new(ExamplePaths());

    private static string[] ExamplePaths() =>
    [
        .. Directory.GetFiles(Path.Combine(GuideFiles.DocsDirectory, "examples"), "*.cs")
            .Select(file => "examples/" + Path.GetFileName(file))
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void The_examples_directory_holds_the_four_examples()
    {
        ExamplePaths().Should().BeEquivalentTo(
            "examples/LoadBalancerDriverExample.cs",
            "examples/MechanismDriverExample.cs",
            "examples/PlacementPolicyExample.cs",
            "examples/TypeDriverExample.cs");
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Guide_shows_the_example_file_verbatim(string example)
    {
        var blocks = GuideFiles.IncludedBlocks(s_guide).Where(b => b.Path == example).ToList();

        blocks.Should().ContainSingle($"the guide includes {example} exactly once, after '<!-- include: {example} -->'");
        blocks[0].Language.Should().Be("csharp");
        blocks[0].Code.Should().Be(GuideFiles.Read(example), $"the guide's copy of {example} must equal the file");
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_is_complete_in_under_fifty_lines(string example)
    {
        GuideFiles.Read(example).TrimEnd('\n').Split('\n').Length.Should().BeLessThan(50);
    }

    [Fact]
    public void Guide_includes_only_files_that_exist()
    {
        foreach (var (path, _, _) in GuideFiles.IncludedBlocks(s_guide))
        {
            File.Exists(Path.Combine(GuideFiles.DocsDirectory, path)).Should().BeTrue($"the guide includes {path}");
        }
    }
}
