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
    /// Beyond the shared script, with the same real CLI: a user error on <c>loadbalancer create</c> (a VIP network
    /// without a subnet) is a 400 whose message the CLI shows with the request id (not "Request-ID: None"); the
    /// segments, providers, flavors, health monitors and status tree the host serves are listed by the CLI.
    /// </summary>
    [Fact]
    public async Task Cli_shows_a_400_with_its_request_id_and_lists_what_the_host_serves()
    {
        File.Exists("/usr/bin/openstack").Should().BeTrue(
            $"the smoke test drives Debian's real OpenStack clients: install them with `{Packages}`");
        var name = $"cli{Guid.NewGuid():N}"[..12];

        var (created, network, createErr) = await OpenstackAsync("network", "create", "--provider-network-type", "vlan",
            "--provider-physical-network", "physnet1", "--provider-segment", "120", name, "-f", "json");
        created.Should().Be(0, createErr);
        var networkId = System.Text.Json.JsonDocument.Parse(network).RootElement.GetProperty("id").GetString()!;

        var (refused, _, error) = await OpenstackAsync("loadbalancer", "create", "--name", $"{name}-lb", "--vip-network-id", networkId);
        refused.Should().NotBe(0, "a VIP network without a subnet is refused");
        error.Should().Contain("Supplied network does not contain a subnet").And.Contain("(HTTP 400)");
        System.Text.RegularExpressions.Regex.IsMatch(error, @"\(Request-ID: req-[0-9a-f-]{36}\)").Should().BeTrue($"the CLI shows the request id: {error}");
        (await OpenstackAsync("loadbalancer", "list", "-f", "json")).Output.Should().NotContain($"{name}-lb", "nothing was created");

        var (segments, segmentList, segmentErr) = await OpenstackAsync("network", "segment", "list", "--network", networkId, "-f", "json");
        segments.Should().Be(0, segmentErr);
        var segment = System.Text.Json.JsonDocument.Parse(segmentList).RootElement.EnumerateArray().Should().ContainSingle().Subject;
        segment.GetProperty("Network Type").GetString().Should().Be("vlan");
        segment.GetProperty("Segment").GetInt32().Should().Be(120);
        var (shown, segmentShow, showErr) = await OpenstackAsync("network", "segment", "show", segment.GetProperty("ID").GetString()!, "-f", "json");
        shown.Should().Be(0, showErr);
        segmentShow.Should().Contain("physnet1");

        var (providers, providerList, providerErr) = await OpenstackAsync("loadbalancer", "provider", "list", "-f", "json");
        providers.Should().Be(0, providerErr);
        providerList.Should().Contain("\"adc\"");
        (await OpenstackAsync("loadbalancer", "flavor", "list", "-f", "json")).Exit.Should().Be(0);
        (await OpenstackAsync("loadbalancer", "healthmonitor", "list", "-f", "json")).Exit.Should().Be(0);

        var (unknown, _, unknownErr) = await OpenstackAsync("network", "segment", "create", "--network", networkId, "--network-type", "vlan", $"{name}-seg");
        unknown.Should().NotBe(0, "the segments API is read-only");
        unknownErr.Should().Contain("501");

        (await OpenstackAsync("network", "delete", networkId)).Exit.Should().Be(0);
    }

    private async Task<(int Exit, string Output, string Error)> OpenstackAsync(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/openstack") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        start.Environment["OS_CLIENT_CONFIG_FILE"] = "/dev/null";
        string[] all = ["--os-auth-type", "none", "--os-endpoint", _host.BaseUrl, .. args];
        foreach (var arg in all)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openstack {string.Join(' ', args)} did not finish in 90 s");
        }

        return (process.ExitCode, await output, await error);
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
