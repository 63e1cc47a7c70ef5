using System.Security.Cryptography;

namespace Ml2.Samples.QuickStart.Tests;

/// <summary>
/// The main job as a process: <c>--help</c> prints the usage and runs nothing; an unknown option exits 2 and touches
/// no database; a run shows its progress and says why a port was left <c>binding_failed</c>.
/// </summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("quickstart-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_the_usage_and_exits_0_without_running(string option)
    {
        var result = await QuickStartProcess.RunAsync(_directory, option);

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().Contain("Usage:").And.Contain("--db PATH").And.Contain("--fresh");
        result.Output.Should().NotContain("Run 1", "the scenario does not run");
        Directory.EnumerateFileSystemEntries(_directory).Should().BeEmpty("no database is created");
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--db")]
    [InlineData("stray")]
    public async Task A_bad_command_line_exits_2_and_leaves_the_database_as_it_was(string argument)
    {
        var database = Path.Combine(_directory, "ml2-quickstart.db");
        var first = await QuickStartProcess.RunAsync(_directory, "--db", database);
        first.ExitCode.Should().Be(0, first.Error);
        var before = Snapshot();

        var result = await QuickStartProcess.RunAsync(_directory, "--db", database, argument);

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain(argument).And.Contain("Usage:");
        result.Output.Should().NotContain("Run 2");
        Snapshot().Should().Equal(before, "the database files are untouched");
    }

    [Fact]
    public async Task A_run_shows_progress_and_says_why_a_port_failed_to_bind()
    {
        var result = await QuickStartProcess.RunAsync(_directory, "--db", Path.Combine(_directory, "run.db"));

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().Contain("[1/3] Opening").And.Contain("[2/3] Creating networks, subnets and ports: done in")
            .And.Contain("[3/3] On-boarding ADC appliances and placing load balancers: done in");
        result.Output.Should().Contain("vif=binding_failed");
        result.Error.Should().Contain("Failed to bind port").And.Contain("'compute-9'");
        result.Error.Should().Contain("host-agent cannot bind port").And.Contain("no agent runs on host 'compute-9'");
        result.Error.Split("no agent runs on host 'compute-9'").Should().HaveCount(2, "the driver says it once, not at every binding retry");
    }

    /// <summary>Every file beside the database (it, -wal, -shm): name, length, write time and content hash.</summary>
    private List<string> Snapshot() =>
    [
        .. Directory.EnumerateFiles(_directory).Order(StringComparer.Ordinal).Select(f =>
        {
            var info = new FileInfo(f);
            return $"{info.Name} {info.Length} {info.LastWriteTimeUtc:O} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}";
        }),
    ];
}
