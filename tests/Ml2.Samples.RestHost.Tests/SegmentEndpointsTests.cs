namespace Ml2.Samples.RestHost.Tests;

/// <summary><c>/v2.0/segments</c>: read-only, admin only (an empty list and 404 for anyone else), Neutron's segment shape.</summary>
public sealed class SegmentEndpointsTests : IAsyncLifetime
{
    private readonly RestHostFixture _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Admins_list_filter_and_show_segments_others_see_none()
    {
        var (_, net, _) = await _host.PostAsync("/v2.0/networks", new
        {
            network = new Dictionary<string, object> { ["name"] = "seg", ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = 181 },
        });
        var networkId = (string)net!["network"]!["id"]!;
        await _host.PostAsync("/v2.0/networks", new { network = new { name = "other" } });

        var (status, list, _) = await _host.GetAsync("/v2.0/segments");
        status.Should().Be(200, list?.ToJsonString());
        list!["segments"]!.AsArray().Should().HaveCount(2);

        var (_, filtered, _) = await _host.GetAsync($"/v2.0/segments?network_id={networkId}");
        var segment = filtered!["segments"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)segment["network_type"]).Should().Be("vlan");
        ((string?)segment["physical_network"]).Should().Be("physnet1");
        ((int)segment["segmentation_id"]!).Should().Be(181);
        ((string?)segment["network_id"]).Should().Be(networkId);
        segment.AsObject().Select(p => p.Key).Should().BeEquivalentTo(
            ["id", "network_id", "name", "description", "physical_network", "network_type", "segmentation_id", "hosts", "segment_index"]);

        var id = (string)segment["id"]!;
        var (shown, one, _) = await _host.GetAsync($"/v2.0/segments/{id}");
        shown.Should().Be(200);
        ((string?)one!["segment"]!["id"]).Should().Be(id);

        var (missing, missingBody, _) = await _host.GetAsync($"/v2.0/segments/{Guid.NewGuid()}");
        missing.Should().Be(404, "an unknown id on a known path stays 404");
        ((string?)missingBody!["NeutronError"]!["type"]).Should().Be("SegmentNotFound");

        var (_, theirs, _) = await _host.GetAsync("/v2.0/segments", "someone");
        theirs!["segments"]!.AsArray().Should().BeEmpty("segments are admin only");
        (await _host.GetAsync($"/v2.0/segments/{id}", "someone")).Status.Should().Be(404);
        (await _host.PostAsync("/v2.0/segments", new { segment = new { network_id = networkId, network_type = "vlan" } })).Status
            .Should().Be(501, "the segments API is read-only");
    }

    [Fact]
    public async Task An_unimplemented_path_is_501_with_a_neutron_error_and_the_openapi_document_is_served()
    {
        var (status, body, response) = await _host.GetAsync("/v2.0/routers");
        status.Should().Be(501);
        RestHostFixture.ContentType(response)!.MediaType.Should().Be("application/json");
        var error = body!["NeutronError"]!;
        ((string?)error["type"]).Should().Be("HTTPNotImplemented");
        ((string?)error["message"]).Should().Contain("/v2.0/routers");
        (await _host.SendAsync(HttpMethod.Patch, "/v2.0/networks/x.json", "{}")).Status.Should().Be(501);

        var (openApi, document, _) = await _host.GetAsync("/openapi/v1.json");
        openApi.Should().Be(200);
        ((string?)document!["openapi"]).Should().StartWith("3.");
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.Should().Contain(["/v2.0/networks", "/v2.0/networks/{id}", "/v2.0/segments", "/v2/lbaas/loadbalancers", "/v2/lbaas/healthmonitors",
            "/v2/lbaas/loadbalancers/{id}/status"]);
    }
}
