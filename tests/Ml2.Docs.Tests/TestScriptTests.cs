using System.Text.RegularExpressions;

namespace Ml2.Docs.Tests;

/// <summary>
/// The README's test command is <c>./test.sh</c>, CI runs exactly that, and the script installs or asks for the Debian
/// packages the tests need before running anything. The script runs with fake <c>dotnet</c> and <c>apt-get</c> first
/// on PATH (they record their arguments) and its test overrides <c>ML2_TEST_SH_MISSING</c> / <c>ML2_TEST_SH_UID</c>,
/// so no package is installed and no test suite is started here.
/// </summary>
public sealed partial class TestScriptTests : IDisposable
{
    private readonly DirectoryInfo _fakes = Directory.CreateTempSubdirectory("ml2-test-sh-");

    public TestScriptTests()
    {
        WriteFake("dotnet", "exit \"${FAKE_DOTNET_EXIT:-0}\"");
        WriteFake("apt-get", "exit \"${FAKE_APT_EXIT:-0}\"");
    }

    [Fact]
    public void Readme_test_command_is_test_sh()
    {
        var readme = RepositoryFiles.Read("README.md");
        var match = TestCommandBlock().Match(readme);

        match.Success.Should().BeTrue("README.md has 'Run every test:' followed by a bash block");
        match.Groups["code"].Value.Should().Be("./test.sh\n", "the README's test command is the one script that installs what is missing and runs every test");
        File.Exists(RepositoryFiles.Path("test.sh")).Should().BeTrue();
    }

    [Fact]
    public void Ci_run_runs_test_sh_and_installs_nothing_itself()
    {
        var commands = RepositoryFiles.Read(".ci/run").Split('\n').Where(line => !line.TrimStart().StartsWith('#')).ToList();

        commands.Should().Contain(line => line.StartsWith("./test.sh", StringComparison.Ordinal), ".ci/run runs the README's test command verbatim");
        commands.Should().NotContain(line => line.Contains("dotnet test", StringComparison.Ordinal) || line.Contains("apt-get", StringComparison.Ordinal),
            "installing and testing are test.sh's job, so the README's command and CI cannot drift apart");
        commands.Should().Contain(line => line.Contains("passed, ${failed} failed", StringComparison.Ordinal), ".ci/run still closes with 'N passed, N failed'");
    }

    [Fact]
    public async Task Not_root_with_a_package_missing_prints_the_sudo_command_and_runs_nothing()
    {
        var result = await RunTestShAsync(new() { ["ML2_TEST_SH_MISSING"] = "postgresql python3-octaviaclient", ["ML2_TEST_SH_UID"] = "1000" });

        result.ExitCode.Should().NotBe(0, result.Describe());
        result.StandardError.Should().Contain("sudo apt-get install -y postgresql python3-octaviaclient\n", result.Describe());
        Calls("apt-get").Should().BeEmpty("without root nothing is installed");
        Calls("dotnet").Should().BeEmpty("no test runs while a package is missing");
    }

    [Fact]
    public async Task Root_with_a_package_missing_installs_it_with_apt_get_then_runs_the_suite()
    {
        var result = await RunTestShAsync(new() { ["ML2_TEST_SH_MISSING"] = "postgresql", ["ML2_TEST_SH_UID"] = "0" });

        result.ExitCode.Should().Be(0, result.Describe());
        Calls("apt-get").Should().Equal("update -qq", "install -y -qq postgresql");
        Calls("dotnet").Should().Equal("test Ml2.sln -c Release");
    }

    [Fact]
    public async Task Root_when_apt_get_fails_exits_non_zero_and_runs_nothing()
    {
        var result = await RunTestShAsync(new() { ["ML2_TEST_SH_MISSING"] = "postgresql", ["ML2_TEST_SH_UID"] = "0", ["FAKE_APT_EXIT"] = "100" });

        result.ExitCode.Should().NotBe(0, result.Describe());
        result.StandardError.Should().Contain("no test was run");
        Calls("dotnet").Should().BeEmpty();
    }

    [Fact]
    public async Task Nothing_missing_runs_dotnet_test_on_the_solution_with_the_given_arguments_and_returns_its_exit_code()
    {
        var result = await RunTestShAsync(new() { ["ML2_TEST_SH_MISSING"] = "", ["ML2_TEST_SH_UID"] = "1000", ["FAKE_DOTNET_EXIT"] = "7" }, "--filter", "FullyQualifiedName~Sqlite");

        result.ExitCode.Should().Be(7, "the suite's exit code is the script's");
        Calls("apt-get").Should().BeEmpty();
        Calls("dotnet").Should().Equal("test Ml2.sln -c Release --filter FullyQualifiedName~Sqlite");
    }

    public void Dispose() => _fakes.Delete(recursive: true);

    private async Task<ProcessResult> RunTestShAsync(Dictionary<string, string?> environment, params string[] arguments)
    {
        environment["PATH"] = _fakes.FullName + ":" + Environment.GetEnvironmentVariable("PATH");
        environment["FAKE_LOG_DIR"] = _fakes.FullName;
        return await ProcessRunner.RunAsync("bash", [RepositoryFiles.Path("test.sh"), .. arguments], RepositoryFiles.Root, environment, TimeSpan.FromSeconds(30));
    }

    private void WriteFake(string name, string exit)
    {
        var path = Path.Combine(_fakes.FullName, name);
        File.WriteAllText(path, $"#!/bin/sh\necho \"$*\" >> \"$FAKE_LOG_DIR/{name}.calls\"\n{exit}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string[] Calls(string name)
    {
        var log = Path.Combine(_fakes.FullName, name + ".calls");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    [GeneratedRegex(@"Run every test:\n\n```bash\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex TestCommandBlock();
}
