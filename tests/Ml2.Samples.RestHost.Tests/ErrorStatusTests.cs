using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Contexts;
using Ml2.Drivers;

namespace Ml2.Samples.RestHost.Tests;

/// <summary>
/// For each status class the SDK's errors carry, a representative Neutron error type reaches the client as that HTTP
/// status with <c>NeutronError.type</c> exactly and an empty <c>detail</c>. The host has one VXLAN VNI for tenants (so
/// the second tenant network finds none) and a mechanism driver that fails networks named <c>fail-…</c>.
/// </summary>
public sealed class ErrorStatusTests : IAsyncLifetime
{
    private readonly RestHostFixture _host = new(
        new Dictionary<string, string?>
        {
            ["ml2:ml2_type_vxlan:vni_ranges"] = "1000:1000",
            ["ml2:mechanism_drivers"] = $"host_agent,{FailingDriver.DriverName}",
        },
        services => services.AddSingleton<IMechanismDriver>(new FailingDriver()));

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static void ShouldBe(int status, JsonNode? body, int expectedStatus, string type)
    {
        status.Should().Be(expectedStatus, body?.ToJsonString());
        var error = body!["NeutronError"]!.AsObject();
        error.Select(p => p.Key).Should().BeEquivalentTo(["type", "message", "detail"]);
        ((string?)error["type"]).Should().Be(type);
        ((string?)error["message"]).Should().NotBeNullOrEmpty();
        ((string?)error["detail"]).Should().Be("");
    }

    [Fact]
    public async Task Each_status_class_answers_its_status_and_exact_neutron_type()
    {
        var admin = (string?)null;
        var tenant = $"proj-{Guid.NewGuid():N}"[..16];

        // 400 InvalidInput (SDK) and HTTPBadRequest (API layer)
        var (s400, b400, _) = await _host.PostAsync("/v2.0/networks", new Dictionary<string, object>
        {
            ["network"] = new Dictionary<string, object> { ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = 5000 },
        }, admin);
        ShouldBe(s400, b400, 400, "InvalidInput");
        var (sBad, bBad, _) = await _host.PostAsync("/v2.0/networks", new { network = new { name = 1 } }, admin);
        ShouldBe(sBad, bBad, 400, "HTTPBadRequest");

        // 403 PolicyNotAuthorized
        var (s403, b403, _) = await _host.PostAsync("/v2.0/networks", new { network = new { name = "s", shared = true } }, tenant);
        ShouldBe(s403, b403, 403, "PolicyNotAuthorized");

        // 404 NetworkNotFound
        var (s404, b404, _) = await _host.GetAsync($"/v2.0/networks/{Guid.NewGuid()}");
        ShouldBe(s404, b404, 404, "NetworkNotFound");

        // 409 NetworkInUse and IpAddressGenerationFailure: a /30 whose pool holds one address
        var (_, net, _) = await _host.PostAsync("/v2.0/networks", new { network = new { name = "small" } }, tenant);
        var networkId = (string)net!["network"]!["id"]!;
        var (subnetStatus, subnet, _) = await _host.PostAsync("/v2.0/subnets", new
        {
            subnet = new { network_id = networkId, cidr = "10.251.0.0/30", ip_version = 4, allocation_pools = new[] { new { start = "10.251.0.2", end = "10.251.0.2" } } },
        }, tenant);
        subnetStatus.Should().Be(201, subnet?.ToJsonString());
        (await _host.PostAsync("/v2.0/ports", new { port = new { network_id = networkId } }, tenant)).Status.Should().Be(201);
        var (sFull, bFull, _) = await _host.PostAsync("/v2.0/ports", new { port = new { network_id = networkId } }, tenant);
        ShouldBe(sFull, bFull, 409, "IpAddressGenerationFailure");
        var (sInUse, bInUse, _) = await _host.DeleteAsync($"/v2.0/networks/{networkId}", tenant);
        ShouldBe(sInUse, bInUse, 409, "NetworkInUse");

        // 503 NoNetworkAvailable: the only tenant VNI is taken by the network above
        var (s503, b503, _) = await _host.PostAsync("/v2.0/networks", new { network = new { name = "one-too-many" } }, tenant);
        ShouldBe(s503, b503, 503, "NoNetworkAvailable");

        // 500 MechanismDriverError: a driver throws in precommit
        var (s500, b500, _) = await _host.PostAsync("/v2.0/networks", new Dictionary<string, object>
        {
            ["network"] = new Dictionary<string, object> { ["name"] = "fail-now", ["provider:network_type"] = "flat", ["provider:physical_network"] = "physnet2" },
        }, admin);
        ShouldBe(s500, b500, 500, "MechanismDriverError");
        var (_, listed, _) = await _host.GetAsync("/v2.0/networks?name=fail-now");
        listed!["networks"]!.AsArray().Should().BeEmpty("the failed create was rolled back");
    }

    [Fact]
    public async Task A_one_megabyte_name_is_400_with_a_small_body_quoting_at_most_256_characters()
    {
        var name = new string('n', 1024 * 1024);
        var (status, body, response) = await _host.PostAsync("/v2.0/networks", new { network = new { name } });
        ShouldBe(status, body, 400, "HTTPBadRequest");
        ((string?)body!["NeutronError"]!["message"]).Should().Be($"Invalid input for name. Reason: '{new string('n', 256)}...' exceeds maximum length of 255.");
        (await response.Content.ReadAsByteArrayAsync()).Length.Should().BeLessThan(1024);
    }

    /// <summary>Fails the precommit of networks named <c>fail-…</c>.</summary>
    private sealed class FailingDriver : IMechanismDriver
    {
        public const string DriverName = "failing";

        public string Name => DriverName;

        public ValueTask CreateNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) =>
            context.Current.Name.StartsWith("fail-", StringComparison.Ordinal)
                ? throw new InvalidOperationException("the switch refused the network")
                : default;
    }
}
