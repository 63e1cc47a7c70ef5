using System.Text.Json;

namespace Ml2.Samples.RestHost.Tests;

/// <summary>The built host as a process: JSON console logs with the request id, and a clean stop that leaves no WAL behind.</summary>
public sealed class HostProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("resthost-process-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_clean_stop_checkpoints_the_sqlite_wal()
    {
        var database = Path.Combine(_directory, "neutron.db");
        await using var host = await HostProcess.StartAsync(_directory, $"--store:path={database}");
        using (var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) })
        {
            for (var i = 0; i < 5; i++)
            {
                using var content = new StringContent(JsonSerializer.Serialize(new { network = new { name = $"wal-{i}" } }), System.Text.Encoding.UTF8, "application/json");
                (await client.PostAsync("/v2.0/networks", content)).StatusCode.Should().Be(System.Net.HttpStatusCode.Created);
            }
        }

        File.Exists(database + "-wal").Should().BeTrue("while the host runs, its commits are in the WAL");
        (await host.StopAsync()).Should().Be(0, string.Join('\n', host.Lines));

        var wal = new FileInfo(database + "-wal");
        (wal.Exists ? wal.Length : 0).Should().Be(0, "a clean stop copies the WAL into the database and empties it");
        await using var again = await HostProcess.StartAsync(_directory, $"--store:path={database}");
        using var check = new HttpClient { BaseAddress = new Uri(again.BaseUrl) };
        var networks = JsonDocument.Parse(await check.GetStringAsync("/v2.0/networks?name=wal-4"));
        networks.RootElement.GetProperty("networks").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Log_format_json_writes_one_json_object_per_line_with_the_request_id()
    {
        await using var host = await HostProcess.StartAsync(_directory, "--store:type=memory", "--log-format", "json",
            "--Logging:LogLevel:Default=Information");
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2.0/networks");
        request.Headers.Add("X-Project-Id", "proj-json");
        using var response = await client.SendAsync(request);
        var requestId = response.Headers.GetValues("X-Openstack-Request-Id").Single();

        var line = await host.WaitForLineAsync(l => l.Contains(requestId, StringComparison.Ordinal) && l.Contains("AccessLog", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        using var entry = JsonDocument.Parse(line);
        var root = entry.RootElement;
        root.GetProperty("Category").GetString().Should().Be("Ml2.Samples.RestHost.AccessLog");
        root.GetProperty("LogLevel").GetString().Should().Be("Information");
        var state = root.GetProperty("State");
        state.GetProperty("Method").GetString().Should().Be("GET");
        state.GetProperty("Path").GetString().Should().Be("/v2.0/networks");
        state.GetProperty("Status").GetInt32().Should().Be(200);
        state.GetProperty("ProjectId").GetString().Should().Be("proj-json");
        root.GetProperty("Scopes").EnumerateArray().Select(s => s.TryGetProperty("RequestId", out var id) ? id.GetString() : null)
            .Should().Contain(requestId);
        host.Lines.Where(l => l.StartsWith('{')).Should().OnlyContain(l => IsJson(l));
    }

    [Fact]
    public async Task A_config_file_that_does_not_exist_exits_2_naming_it()
    {
        var missing = Path.Combine(_directory, "missing.json");
        var start = async () => await HostProcess.StartAsync(_directory, "--config", missing);

        var failed = (await start.Should().ThrowAsync<InvalidOperationException>()).Which;
        failed.Message.Should().Contain("exited (2)").And.Contain($"the configuration file '{missing}' does not exist")
            .And.NotContain("   at ", "an operator's mistake gets a message, not a stack trace");
        File.Exists(Path.Combine(_directory, "neutron-resthost.db")).Should().BeFalse("nothing was started");
    }

    private static bool IsJson(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
