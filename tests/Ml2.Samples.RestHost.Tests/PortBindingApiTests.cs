using System.Text.Json.Nodes;

namespace Ml2.Samples.RestHost.Tests;

/// <summary>
/// Neutron's binding-extended routes: <c>/v2.0/ports/{id}/bindings</c>, <c>/bindings/{host}</c> and
/// <c>/bindings/{host}/activate</c>, with Neutron's shapes, statuses and error types.
/// </summary>
[Collection(RestHostCollection.Name)]
public sealed class PortBindingApiTests(RestHostFixture host)
{
    private static readonly string[] s_bindingKeys = ["host", "vif_type", "vif_details", "vnic_type", "profile", "status"];

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    /// <summary>A tenant (VXLAN) network with a subnet and a port bound on compute-1 (the sample agent driver binds compute-1 and compute-2).</summary>
    private async Task<JsonNode> ComputePortAsync(string deviceOwner = "compute:nova")
    {
        var (status, network, _) = await host.PostAsync("/v2.0/networks", new { network = new { name = Unique("bnet") } });
        status.Should().Be(201, network?.ToJsonString());
        var networkId = (string)network!["network"]!["id"]!;
        (await host.PostAsync("/v2.0/subnets", new { subnet = new { network_id = networkId, cidr = "10.210.0.0/24", ip_version = 4 } })).Status.Should().Be(201);
        var (created, port, _) = await host.PostAsync("/v2.0/ports", new
        {
            port = new Dictionary<string, object>
            {
                ["network_id"] = networkId, ["binding:host_id"] = "compute-1", ["device_owner"] = deviceOwner, ["device_id"] = Unique("vm"),
            },
        });
        created.Should().Be(201, port?.ToJsonString());
        ((string?)port!["port"]!["binding:vif_type"]).Should().Be("ovs");
        return port["port"]!;
    }

    private static void ShouldBeABinding(JsonNode? binding, string bindingHost, string status)
    {
        binding!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(s_bindingKeys);
        ((string?)binding["host"]).Should().Be(bindingHost);
        ((string?)binding["status"]).Should().Be(status);
    }

    [Fact]
    public async Task A_binding_is_created_inactive_on_a_second_host_listed_shown_activated_and_the_old_one_deleted()
    {
        var port = await ComputePortAsync();
        var portId = (string)port["id"]!;

        var (created, createdBody, _) = await host.PostAsync($"/v2.0/ports/{portId}/bindings", new
        {
            binding = new { host = "compute-2", vnic_type = "normal", profile = new { migrating = true } },
        });
        created.Should().Be(201, createdBody?.ToJsonString());
        var binding = createdBody!["binding"];
        ShouldBeABinding(binding, "compute-2", "INACTIVE");
        ((string?)binding!["vif_type"]).Should().Be("ovs");
        ((string?)binding["vnic_type"]).Should().Be("normal");
        ((bool)binding["profile"]!["migrating"]!).Should().BeTrue();
        ((string?)binding["vif_details"]!["bridge_name"]).Should().Be("br-int");
        var (_, stillOn, _) = await host.GetAsync($"/v2.0/ports/{portId}");
        ((string?)stillOn!["port"]!["binding:host_id"]).Should().Be("compute-1", "the active binding keeps serving");

        var (listed, list, _) = await host.GetAsync($"/v2.0/ports/{portId}/bindings");
        listed.Should().Be(200);
        var bindings = list!["bindings"]!.AsArray();
        bindings.Select(b => ((string?)b!["host"], (string?)b["status"])).Should().Equal(("compute-1", "ACTIVE"), ("compute-2", "INACTIVE"));
        ShouldBeABinding(bindings[0], "compute-1", "ACTIVE");
        var (_, inactiveOnly, _) = await host.GetAsync($"/v2.0/ports/{portId}/bindings?status=INACTIVE");
        inactiveOnly!["bindings"]!.AsArray().Select(b => (string?)b!["host"]).Should().Equal("compute-2");
        var (_, hostsOnly, _) = await host.GetAsync($"/v2.0/ports/{portId}/bindings?fields=host");
        hostsOnly!["bindings"]!.AsArray().Should().AllSatisfy(b => b!.AsObject().Select(p => p.Key).Should().Equal("host"));

        var (shown, shownBody, _) = await host.GetAsync($"/v2.0/ports/{portId}/bindings/compute-2");
        shown.Should().Be(200);
        ShouldBeABinding(shownBody!["binding"], "compute-2", "INACTIVE");

        var (activated, activatedBody, _) = await host.PutAsync($"/v2.0/ports/{portId}/bindings/compute-2/activate", new { port_id = portId });
        activated.Should().Be(200, activatedBody?.ToJsonString());
        ShouldBeABinding(activatedBody, "compute-2", "ACTIVE");
        var (_, moved, _) = await host.GetAsync($"/v2.0/ports/{portId}");
        ((string?)moved!["port"]!["binding:host_id"]).Should().Be("compute-2");
        ((string?)moved["port"]!["binding:vif_type"]).Should().Be("ovs");
        ((bool)moved["port"]!["binding:profile"]!["migrating"]!).Should().BeTrue();
        var (_, source, _) = await host.GetAsync($"/v2.0/ports/{portId}/bindings/compute-1");
        ShouldBeABinding(source!["binding"], "compute-1", "INACTIVE");
        ((string?)source!["binding"]!["vif_type"]).Should().Be("unbound");

        (await host.DeleteAsync($"/v2.0/ports/{portId}/bindings/compute-1")).Status.Should().Be(204);
        var (gone, goneBody, _) = await host.GetAsync($"/v2.0/ports/{portId}/bindings/compute-1");
        gone.Should().Be(404);
        ((string?)goneBody!["NeutronError"]!["type"]).Should().Be("PortBindingNotFound");
        ((string?)goneBody["NeutronError"]!["message"]).Should().Be($"Binding for port {portId} for host compute-1 could not be found.");
        (await host.DeleteAsync($"/v2.0/ports/{portId}")).Status.Should().Be(204);
    }

    [Fact]
    public async Task Binding_errors_have_neutron_types_and_statuses()
    {
        var port = await ComputePortAsync();
        var portId = (string)port["id"]!;
        var bindings = $"/v2.0/ports/{portId}/bindings";
        (await host.PostAsync(bindings, new { binding = new { host = "compute-2" } })).Status.Should().Be(201);

        await ShouldFailAsync(host.PostAsync(bindings, new { binding = new { host = "compute-2" } }), 409, "PortBindingAlreadyExists",
            $"Binding for port {portId} on host compute-2 already exists.");
        await ShouldFailAsync(host.PostAsync(bindings, new { binding = new { host = "compute-1" } }), 409, "PortBindingAlreadyExists");
        await ShouldFailAsync(host.PutAsync($"{bindings}/compute-1/activate", new { }), 409, "PortBindingAlreadyActive",
            $"Binding for port {portId} on host compute-1 is already active.");
        await ShouldFailAsync(host.PutAsync($"{bindings}/compute-9/activate", new { }), 404, "PortBindingNotFound");
        await ShouldFailAsync(host.DeleteAsync($"{bindings}/compute-9"), 404, "PortBindingNotFound");
        await ShouldFailAsync(host.PostAsync(bindings, new { binding = new { host = "no-agent-host" } }), 500, "PortBindingError",
            $"Binding for port {portId} on host no-agent-host could not be created or updated.");
        await ShouldFailAsync(host.PostAsync(bindings, new { binding = new { vnic_type = "normal" } }), 400, "HTTPBadRequest",
            "Failed to parse request. Required attribute 'host' not specified");
        await ShouldFailAsync(host.PostAsync(bindings, new { binding = new { host = "compute-3", vif_type = "ovs" } }), 400, "HTTPBadRequest",
            "Attribute 'vif_type' not allowed in POST");
        await ShouldFailAsync(host.PostAsync(bindings, new { binding = new { host = "compute-3", vnic_type = "bogus" } }), 400, "HTTPBadRequest",
            "Invalid input for vnic_type. Reason: bogus is not in valid_values.");
        await ShouldFailAsync(host.GetAsync($"{bindings}?bogus=1"), 400, "HTTPBadRequest", "['bogus'] is invalid attribute for filtering");
        await ShouldFailAsync(host.SendAsync(HttpMethod.Delete, $"{bindings}/compute-2", new { binding = new { } }), 400, "HTTPBadRequest", "Request body is not supported in DELETE.");
        await ShouldFailAsync(host.GetAsync("/v2.0/ports/no-such-port/bindings"), 404, "PortNotFound", "Port no-such-port could not be found.");
        await ShouldFailAsync(host.PostAsync(bindings, new { binding = new { host = "compute-3" } }, project: (string)port["project_id"]!), 403, "PolicyNotAuthorized",
            "rule:create_port_binding is disallowed by policy");
        await ShouldFailAsync(host.GetAsync(bindings, project: (string)port["project_id"]!), 403, "PolicyNotAuthorized");

        var dhcp = await ComputePortAsync("network:dhcp");
        await ShouldFailAsync(host.PostAsync($"/v2.0/ports/{dhcp["id"]}/bindings", new { binding = new { host = "compute-2" } }), 400, "BadRequest",
            $"Bad port request: Invalid port {dhcp["id"]}. Operation only valid on compute ports.");

        var (_, list, _) = await host.GetAsync(bindings);
        list!["bindings"]!.AsArray().Select(b => (string?)b!["host"]).Should().Equal(["compute-1", "compute-2"], "no failed request changed anything");
    }

    [Fact]
    public async Task A_binding_is_updated_with_put_and_a_body_without_profile_clears_it_as_in_neutron()
    {
        var port = await ComputePortAsync();
        var binding = $"/v2.0/ports/{port["id"]}/bindings/compute-2";
        (await host.PostAsync($"/v2.0/ports/{port["id"]}/bindings", new { binding = new { host = "compute-2", tenant_id = "admin" } })).Status.Should().Be(201, "Neutron's own tests send tenant_id");

        var (updated, body, _) = await host.PutAsync(binding, new { binding = new { vnic_type = "direct", profile = new { pci_slot = "0000:05:00.1" } } });

        updated.Should().Be(200, body?.ToJsonString());
        ShouldBeABinding(body!["binding"], "compute-2", "INACTIVE");
        ((string?)body["binding"]!["vnic_type"]).Should().Be("direct");
        ((string?)body["binding"]!["profile"]!["pci_slot"]).Should().Be("0000:05:00.1");
        ((string?)body["binding"]!["vif_type"]).Should().Be("ovs");

        var (_, cleared, _) = await host.PutAsync(binding, new { binding = new { vnic_type = "direct" } });
        cleared!["binding"]!["profile"]!.AsObject().Should().BeEmpty();
        await ShouldFailAsync(host.PutAsync(binding, new { binding = new { vif_type = "ovs" } }), 400, "HTTPBadRequest", "Cannot update read-only attribute vif_type");
        await ShouldFailAsync(host.PutAsync($"/v2.0/ports/{port["id"]}/bindings/compute-9", new { binding = new { vnic_type = "normal" } }), 404, "PortBindingNotFound");
    }

    [Fact]
    public async Task The_extension_is_listed()
    {
        var (status, body, _) = await host.GetAsync("/v2.0/extensions/binding-extended");
        status.Should().Be(200);
        ((string?)body!["extension"]!["name"]).Should().Be("Port Bindings Extended");
    }

    private static async Task ShouldFailAsync(Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> call, int status, string type, string? message = null)
    {
        var (actual, body, _) = await call;
        actual.Should().Be(status, body?.ToJsonString());
        ((string?)body!["NeutronError"]!["type"]).Should().Be(type);
        if (message is not null)
        {
            ((string?)body["NeutronError"]!["message"]).Should().Be(message);
        }
    }
}
