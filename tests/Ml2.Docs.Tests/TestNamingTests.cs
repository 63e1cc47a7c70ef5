using System.Text.RegularExpressions;

namespace Ml2.Docs.Tests;

/// <summary>The one test-naming convention of docs/testing.md, checked on every test in the repository.</summary>
public sealed partial class TestNamingTests
{
    [Fact]
    public void Every_test_name_is_a_sentence_after_its_subject()
    {
        var offenders = TestMethods(RepositoryFiles.Path("tests"))
            .Where(test => !FollowsTheConvention(test.Name))
            .Select(test => $"{test.File}: {test.Name}")
            .ToList();

        offenders.Should().BeEmpty("docs/testing.md: a test's name is its subject, then lower-case words joined by underscores");
    }

    [Theory]
    [InlineData("ScheduleAsync_when_two_schedulers_race_exactly_one_wins", true)]
    [InlineData("A_claim_given_back_removes_the_device_ports", true)]
    [InlineData("CreatePort_returns_409_when_the_MAC_is_taken", true)]
    [InlineData("Parse_IPv6_addresses_in_any_form", true)]
    [InlineData("ScheduleAsync_WhenTwoSchedulersRace_ExactlyOneWins", false)]
    [InlineData("Works", false)]
    [InlineData("Create_port_", false)]
    public void The_convention_check_tells_sentences_from_other_names(string name, bool expected) =>
        FollowsTheConvention(name).Should().Be(expected);

    /// <summary>A subject, then at least one more word; the word after the subject is lower case, a number or an acronym.</summary>
    private static bool FollowsTheConvention(string name) => Sentence().IsMatch(name);

    private static IEnumerable<(string File, string Name)> TestMethods(string directory)
    {
        foreach (var path in Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories))
        {
            if (path.Contains("/bin/", StringComparison.Ordinal) || path.Contains("/obj/", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (Match match in TestMethod().Matches(File.ReadAllText(path)))
            {
                yield return (Path.GetRelativePath(RepositoryFiles.Root, path), match.Groups["name"].Value);
            }
        }
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*_(?:[a-z0-9]|[A-Z]{2,}s?(?:_|$)|IPv[46])[A-Za-z0-9]*(?:_[A-Za-z0-9]+)*$")]
    private static partial Regex Sentence();

    // [Fact] / [Theory] (with arguments or further attributes), then the method's declaration.
    [GeneratedRegex(@"\[(?:Fact|Theory)\b[^\]]*\](?:\s*\[[^\]]*\])*\s*public\s+(?:async\s+)?(?:static\s+)?[\w<>\[\],.? ]+?\s+(?<name>\w+)\s*\(")]
    private static partial Regex TestMethod();
}
