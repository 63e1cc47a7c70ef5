using System.Diagnostics;
using System.Text;

namespace Ml2.Samples.RestHost.Tests;

/// <summary>
/// The acceptance test: ../shared/client/client_smoke.sh (the real, unmodified Debian openstack CLI, openstacksdk and
/// octaviaclient) against a host of its own (physnet1 VLAN 100-102 free). Fails, never skips, when the clients are missing.
/// </summary>
public sealed class ClientSmokeTests : IAsyncLifetime
{
    private const string Packages = "apt-get install -y python3-openstackclient python3-octaviaclient";
    private readonly RestHostFixture _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Client_smoke_passes_against_the_host()
    {
        File.Exists("/usr/bin/openstack").Should().BeTrue(
            $"the smoke test drives Debian's real OpenStack clients: install them with `{Packages}`");
        var script = Path.Combine(SharedClientDirectory(), "client_smoke.sh");

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(_host.BaseUrl);
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var lockObject = new object();
        process.OutputDataReceived += (_, e) => { lock (lockObject) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (lockObject) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"client_smoke.sh did not finish in 5 minutes:\n{output}");
        }

        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"client_smoke.sh {_host.BaseUrl} failed:\n{output}");
    }

    /// <summary>
    /// Walks up from the test assembly to the repository root (the directory holding Ml2.sln), then looks for
    /// <c>shared/client/client_smoke.sh</c> beside it (<c>../shared</c>, the CI clone) or beside an ancestor (a git
    /// worktree under <c>wt/</c>); <c>ML2_SHARED_CLIENT_DIR</c> overrides.
    /// </summary>
    private static string SharedClientDirectory()
    {
        if (Environment.GetEnvironmentVariable("ML2_SHARED_CLIENT_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ml2.sln")))
        {
            directory = directory.Parent;
        }

        directory.Should().NotBeNull("the test assembly must live under the repository (Ml2.sln)");
        var expected = Path.GetFullPath(Path.Combine(directory!.FullName, "..", "shared", "client"));
        for (var ancestor = directory.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            var candidate = Path.Combine(ancestor.FullName, "shared", "client");
            if (File.Exists(Path.Combine(candidate, "client_smoke.sh")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"client_smoke.sh not found: expected the shared clients beside the repository, at {expected}");
    }
}
