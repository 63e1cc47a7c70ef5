using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ml2.Samples.RestHost.Tests;

/// <summary>
/// Every response carries <c>X-Openstack-Request-Id: req-&lt;uuid&gt;</c> (errors too); every log line written while a
/// request runs carries that id in its scope; each request ends with one access-log line.
/// </summary>
public sealed partial class RequestIdTests : IAsyncLifetime, IDisposable
{
    private const string AccessLog = "Ml2.Samples.RestHost.AccessLog";
    private readonly CapturingLoggerProvider _logs = new();
    private readonly RestHostFixture _host;

    public RequestIdTests()
    {
        _host = new RestHostFixture(
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" },
            services => services.AddSingleton<ILoggerProvider>(_logs));
    }

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task Every_response_has_a_distinct_openstack_request_id_errors_included()
    {
        var ids = new List<string>();
        foreach (var (path, status) in new[]
        {
            ("/v2.0/networks", 200),
            ($"/v2.0/networks/{Guid.NewGuid()}", 404),
            ("/v2.0/networks?bogus=1", 400),
            ("/v2.0/routers", 501),
            ("/v2/lbaas/loadbalancers", 200),
            ($"/v2/lbaas/loadbalancers/{Guid.NewGuid()}", 404),
        })
        {
            var (actual, body, response) = await _host.GetAsync(path);
            actual.Should().Be(status, $"{path}: {body?.ToJsonString()}");
            response.Headers.TryGetValues("X-Openstack-Request-Id", out var values).Should().BeTrue($"{path} must carry the request id");
            var id = values!.Single();
            RequestIdPattern().IsMatch(id).Should().BeTrue($"'{id}' must be req-<uuid>");
            ids.Add(id);
        }

        ids.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task The_log_lines_of_a_request_carry_its_id_and_one_access_line_ends_it()
    {
        var project = $"proj-{Guid.NewGuid():N}"[..16];
        var (_, net, _) = await _host.PostAsync("/v2.0/networks", new { network = new { name = "logged" } }, project);
        var networkId = (string)net!["network"]!["id"]!;

        // A port on a host without an agent: the SDK logs that binding failed, inside the request.
        var (status, port, response) = await _host.PostAsync("/v2.0/ports",
            new Dictionary<string, object> { ["port"] = new Dictionary<string, object> { ["network_id"] = networkId, ["binding:host_id"] = "compute-9" } });
        status.Should().Be(201, port?.ToJsonString());
        var requestId = response.Headers.GetValues("X-Openstack-Request-Id").Single();

        var ofRequest = _logs.Entries.Where(e => e.Scopes.Any(s => s.Key == "RequestId" && Equals(s.Value, requestId))).ToList();
        ofRequest.Should().Contain(e => e.Message.Contains("Failed to bind port", StringComparison.Ordinal),
            "the SDK's binding warning was written inside the request");
        ofRequest.Should().OnlyContain(e => e.Scopes.Where(s => s.Key == "RequestId").All(s => Equals(s.Value, requestId)),
            "no other request id (such as ASP.NET Core's own) is in scope");
        _logs.Entries.Where(e => e.Message.Contains("Failed to bind port", StringComparison.Ordinal)).Should()
            .OnlyContain(e => e.Scopes.Any(s => s.Key == "RequestId"), "every line written during a request names it");

        // The access line is written when the request ends, which may be just after the client has the response.
        await _logs.WaitForAsync(e => e.Category == AccessLog && Equals(e.State.GetValueOrDefault("RequestId"), requestId));
        var access = _logs.Entries.Where(e => e.Category == AccessLog && Equals(e.State["RequestId"], requestId)).Should().ContainSingle().Subject;
        access.Scopes.Should().Contain(s => s.Key == "RequestId" && Equals(s.Value, requestId));
        access.Level.Should().Be(LogLevel.Information);
        access.State["Method"].Should().Be("POST");
        access.State["Path"].Should().Be("/v2.0/ports");
        access.State["Status"].Should().Be(201);
        access.State["ProjectId"].Should().Be("admin");
        access.State["RequestId"].Should().Be(requestId);
        ((double)access.State["DurationMs"]!).Should().BeGreaterThanOrEqualTo(0);
        access.Message.Should().Contain("POST /v2.0/ports").And.Contain("201").And.Contain(requestId);

        var created = await _logs.WaitForAsync(e => e.Category == AccessLog && Equals(e.State["Path"], "/v2.0/networks"));
        created.State["ProjectId"].Should().Be(project);
        created.State["Status"].Should().Be(201);
    }

    [GeneratedRegex("^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex RequestIdPattern();
}
