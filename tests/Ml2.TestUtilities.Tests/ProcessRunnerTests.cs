using System.Diagnostics;

namespace Ml2.TestUtilities.Tests;

/// <summary>The child-process runner the PostgreSQL server and crash tests use.</summary>
public sealed class ProcessRunnerTests
{
    [Fact]
    public async Task RunAsync_passes_each_argument_verbatim_and_captures_both_streams()
    {
        var result = await ProcessRunner.RunAsync(
            "/bin/sh", ["-c", "printf '%s|' \"$@\"; echo oops >&2; exit 3", "sh", "a b", "$HOME", "'q'"]);

        result.ExitCode.Should().Be(3);
        result.Succeeded.Should().BeFalse();
        result.StandardOutput.Should().Be("a b|$HOME|'q'|");
        result.StandardError.Should().Be("oops\n");
    }

    [Fact]
    public async Task RunAsync_sets_and_removes_environment_variables_and_uses_the_working_directory()
    {
        Environment.SetEnvironmentVariable("ML2_PROCESS_RUNNER_REMOVED", "present");
        var directory = Directory.CreateTempSubdirectory("ml2-runner-").FullName;
        try
        {
            var result = await ProcessRunner.RunAsync(
                "/bin/sh",
                ["-c", "echo \"${ML2_SET}:${ML2_PROCESS_RUNNER_REMOVED:-gone}:$(pwd -P)\""],
                directory,
                new Dictionary<string, string?> { ["ML2_SET"] = "set", ["ML2_PROCESS_RUNNER_REMOVED"] = null });

            result.StandardOutput.Trim().Should().Be($"set:gone:{new DirectoryInfo(directory).ResolveLinkTarget(true)?.FullName ?? directory}");
        }
        finally
        {
            Environment.SetEnvironmentVariable("ML2_PROCESS_RUNNER_REMOVED", null);
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task RunAsync_when_the_timeout_elapses_kills_the_process_and_reports_what_it_printed()
    {
        var stopwatch = Stopwatch.StartNew();

        var act = async () => await ProcessRunner.RunAsync("/bin/sh", ["-c", "echo started; exec sleep 30"], timeout: TimeSpan.FromMilliseconds(500));

        (await act.Should().ThrowAsync<TimeoutException>()).Which.Message.Should().Contain("was killed").And.Contain("started");
        stopwatch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task RunAsync_when_cancelled_kills_the_process_and_throws_operation_canceled()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var act = async () => await ProcessRunner.RunAsync("sleep", ["30"], cancellationToken: cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
