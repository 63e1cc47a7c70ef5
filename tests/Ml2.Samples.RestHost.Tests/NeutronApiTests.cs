using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ml2.Samples.RestHost.Tests;

[Collection(RestHostCollection.Name)]
public sealed class NeutronApiTests(RestHostFixture host)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private async Task<JsonNode> CreateNetworkAsync(object network, string? project = null)
    {
        var (status, body, _) = await host.PostAsync("/v2.0/networks", new { network }, project);
        status.Should().Be(201, body?.ToJsonString());
        return body!["network"]!;
    }

    private async Task<JsonNode> CreateSubnetAsync(string networkId, string cidr, string? project = null)
    {
        var (status, body, _) = await host.PostAsync("/v2.0/subnets", new { subnet = new { network_id = networkId, cidr, ip_version = 4, name = Unique("sub") } }, project);
        status.Should().Be(201, body?.ToJsonString());
        return body!["subnet"]!;
    }

    [Fact]
    public async Task Version_discovery_lists_v2_0_with_a_self_link()
    {
        var (status, body, response) = await host.GetAsync("/");
        status.Should().Be(200);
        RestHostFixture.ContentType(response)!.MediaType.Should().Be("application/json");
        var version = body!["versions"]![0]!;
        ((string?)version["id"]).Should().Be("v2.0");
        ((string?)version["status"]).Should().Be("CURRENT");
        ((string?)version["links"]![0]!["href"]).Should().Be($"{host.BaseUrl}/v2.0/");
    }

    [Fact]
    public async Task Extensions_list_provider_multi_provider_binding_and_net_mtu_and_unknown_alias_is_404()
    {
        var (status, body, _) = await host.GetAsync("/v2.0/extensions");
        status.Should().Be(200);
        var aliases = body!["extensions"]!.AsArray().Select(e => (string?)e!["alias"]).ToList();
        aliases.Should().Contain(["provider", "multi-provider", "binding", "net-mtu", "vlan-transparent"]);

        var (one, oneBody, _) = await host.GetAsync("/v2.0/extensions/binding");
        one.Should().Be(200);
        ((string?)oneBody!["extension"]!["alias"]).Should().Be("binding");

        var (missing, error, _) = await host.GetAsync("/v2.0/extensions/tag-ports-during-bulk-creation");
        missing.Should().Be(404);
        ((string?)error!["NeutronError"]!["type"]).Should().Be("ExtensionNotFound");
    }

    [Fact]
    public async Task Vlan_transparent_is_listed_as_an_extension_returned_on_networks_set_at_create_only_and_refused_by_the_ovs_like_sample_driver()
    {
        var (status, body, _) = await host.GetAsync("/v2.0/extensions/vlan-transparent");
        status.Should().Be(200);
        ((string?)body!["extension"]!["name"]).Should().Be("Vlantransparent");

        var plain = await CreateNetworkAsync(new { name = Unique("plain") });
        plain["vlan_transparent"]!.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.False);
        var opaque = await CreateNetworkAsync(new { name = Unique("opaque"), vlan_transparent = false });
        ((bool)opaque["vlan_transparent"]!).Should().BeFalse();

        // The sample host_agent driver binds like Open vSwitch, which does not support VLAN transparency in Neutron.
        var (refused, error, _) = await host.PostAsync("/v2.0/networks", new { network = new { name = Unique("qinq"), vlan_transparent = true } });
        refused.Should().Be(500);
        ((string?)error!["NeutronError"]!["type"]).Should().Be("VlanTransparencyDriverError");
        ((string?)error["NeutronError"]!["message"]).Should().Be("Backend does not support VLAN Transparency.");

        var (updated, updateError, _) = await host.PutAsync($"/v2.0/networks/{(string)plain["id"]!}", new { network = new { vlan_transparent = true } });
        updated.Should().Be(400);
        ((string?)updateError!["NeutronError"]!["type"]).Should().Be("HTTPBadRequest");
        ((string?)updateError["NeutronError"]!["message"]).Should().Be("Cannot update read-only attribute vlan_transparent");

        var (listed, list, _) = await host.GetAsync($"/v2.0/networks?vlan_transparent=false&id={(string)plain["id"]!}");
        listed.Should().Be(200);
        list!["networks"]!.AsArray().Should().ContainSingle();
    }

    [Fact]
    public async Task A_provider_network_has_neutron_shape_and_accepts_the_segment_as_a_string()
    {
        var name = Unique("net");
        var network = await CreateNetworkAsync(new Dictionary<string, object>
        {
            ["name"] = name, ["admin_state_up"] = true, ["provider:network_type"] = "vlan",
            ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = "150",
        });
        ((string?)network["provider:network_type"]).Should().Be("vlan");
        ((string?)network["provider:physical_network"]).Should().Be("physnet1");
        network["provider:segmentation_id"]!.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.Number);
        ((int)network["provider:segmentation_id"]!).Should().Be(150);
        ((string?)network["project_id"]).Should().Be("admin").And.Be((string?)network["tenant_id"]);
        ((int)network["mtu"]!).Should().BeGreaterThan(0);
        network["subnets"]!.AsArray().Should().BeEmpty();
        foreach (var key in new[] { "id", "status", "shared", "router:external", "description", "availability_zones", "port_security_enabled", "revision_number" })
        {
            network.AsObject().ContainsKey(key).Should().BeTrue(key);
        }

        Regex.IsMatch((string)network["created_at"]!, @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$").Should().BeTrue();

        var flat = await CreateNetworkAsync(new Dictionary<string, object>
        {
            ["name"] = Unique("flat"), ["provider:network_type"] = "flat", ["provider:physical_network"] = "physnet2",
        });
        ((string?)flat["provider:network_type"]).Should().Be("flat");
        flat["provider:segmentation_id"].Should().BeNull();
        (await host.DeleteAsync($"/v2.0/networks/{flat["id"]}")).Status.Should().Be(204);
    }

    [Fact]
    public async Task Errors_are_neutron_errors_with_type_message_and_detail()
    {
        var (status, body, response) = await host.PostAsync("/v2.0/networks", new
        {
            network = new Dictionary<string, object>
            {
                ["name"] = "bad", ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = 5000,
            },
        });
        status.Should().Be(400);
        RestHostFixture.ContentType(response)!.MediaType.Should().Be("application/json");
        var error = body!["NeutronError"]!.AsObject();
        error.Select(p => p.Key).Should().BeEquivalentTo(["type", "message", "detail"]);
        ((string?)error["type"]).Should().Be("InvalidInput");
        ((string?)error["message"]).Should().Be("Invalid input for operation: segmentation_id out of range (1 through 4094).");

        await CreateNetworkAsync(new Dictionary<string, object>
        {
            ["name"] = Unique("dup"), ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = 151,
        });
        var (conflict, conflictBody, _) = await host.PostAsync("/v2.0/networks", new
        {
            network = new Dictionary<string, object>
            {
                ["name"] = Unique("dup"), ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = 151,
            },
        });
        conflict.Should().Be(409);
        ((string?)conflictBody!["NeutronError"]!["type"]).Should().Be("VlanIdInUse");

        (await host.PostAsync("/v2.0/networks", new { network = new { name = "x", bogus = 1 } })).Status.Should().Be(400);
        (await host.PostAsync("/v2.0/networks", new { net = new { name = "x" } })).Status.Should().Be(400);
        (await host.PostAsync("/v2.0/networks", "{not json")).Status.Should().Be(400);
        var (notFound, notFoundBody, _) = await host.GetAsync("/v2.0/ports/no-such-port");
        notFound.Should().Be(404);
        ((string?)notFoundBody!["NeutronError"]!["type"]).Should().Be("PortNotFound");
        var (unknownPath, unknownBody, _) = await host.GetAsync("/v2.0/nothing-here");
        unknownPath.Should().Be(501, "a path the host does not implement is 501, not 404");
        ((string?)unknownBody!["NeutronError"]!["type"]).Should().Be("HTTPNotImplemented");
    }

    [Fact]
    public async Task Lists_filter_on_attributes_select_fields_and_page_with_limit_and_marker()
    {
        var tag = Unique("page");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((string)(await CreateNetworkAsync(new { name = $"{tag}-{i}" }))["id"]!);
        }

        var (_, byName, _) = await host.GetAsync($"/v2.0/networks?name={tag}-1");
        byName!["networks"]!.AsArray().Select(n => (string?)n!["id"]).Should().Equal(ids[1]);
        var (_, either, _) = await host.GetAsync($"/v2.0/networks?id={ids[0]}&id={ids[2]}");
        either!["networks"]!.AsArray().Select(n => (string?)n!["id"]).Should().BeEquivalentTo([ids[0], ids[2]]);
        var (_, none, _) = await host.GetAsync($"/v2.0/networks?id={ids[0]}&name={tag}-2");
        none!["networks"]!.AsArray().Should().BeEmpty();

        var (_, projected, _) = await host.GetAsync($"/v2.0/networks?name={tag}-0&fields=id&fields=name");
        projected!["networks"]![0]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(["id", "name"]);

        var (bad, badBody, _) = await host.GetAsync("/v2.0/networks?colour=red");
        bad.Should().Be(400);
        ((string?)badBody!["NeutronError"]!["message"]).Should().Contain("colour");

        var seen = new List<string>();
        string? marker = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var (status, page, _) = await host.GetAsync($"/v2.0/networks?limit=2{(marker is null ? "" : $"&marker={marker}")}");
            status.Should().Be(200);
            var items = page!["networks"]!.AsArray();
            if (items.Count == 0)
            {
                break;
            }

            items.Count.Should().BeLessThanOrEqualTo(2);
            if (items.Count == 2)
            {
                ((string?)page["networks_links"]![0]!["rel"]).Should().Be("next");
            }

            seen.AddRange(items.Select(n => (string)n!["id"]!));
            marker = seen[^1];
        }

        seen.Should().OnlyHaveUniqueItems().And.Contain(ids);
    }

    [Fact]
    public async Task Subnets_have_list_attributes_and_appear_on_their_network_until_deleted()
    {
        var network = await CreateNetworkAsync(new { name = Unique("snet") });
        var subnet = await CreateSubnetAsync((string)network["id"]!, "10.201.0.0/24");
        subnet["allocation_pools"]!.AsArray().Should().NotBeEmpty();
        subnet["host_routes"]!.AsArray().Should().BeEmpty();
        subnet["dns_nameservers"]!.AsArray().Should().BeEmpty();
        ((int)subnet["ip_version"]!).Should().Be(4);

        var (_, shown, _) = await host.GetAsync($"/v2.0/networks/{network["id"]}");
        shown!["network"]!["subnets"]!.AsArray().Select(s => (string?)s).Should().Equal((string)subnet["id"]!);
        var (_, listed, _) = await host.GetAsync($"/v2.0/subnets?network_id={network["id"]}");
        listed!["subnets"]!.AsArray().Should().ContainSingle();

        (await host.DeleteAsync($"/v2.0/subnets/{subnet["id"]}")).Status.Should().Be(204);
        (await host.GetAsync($"/v2.0/subnets/{subnet["id"]}")).Status.Should().Be(404);
        var (_, after, _) = await host.GetAsync($"/v2.0/networks/{network["id"]}");
        after!["network"]!["subnets"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Ports_carry_binding_attributes_filter_by_host_and_rebind()
    {
        var network = await CreateNetworkAsync(new Dictionary<string, object>
        {
            ["name"] = Unique("pnet"), ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = 152,
        });
        await CreateSubnetAsync((string)network["id"]!, "10.202.0.0/24");
        var (status, body, _) = await host.PostAsync("/v2.0/ports", new
        {
            port = new Dictionary<string, object>
            {
                ["network_id"] = (string)network["id"]!, ["name"] = Unique("port"), ["binding:host_id"] = "compute-1",
                ["device_id"] = "vm-1", ["device_owner"] = "compute:nova", ["binding:profile"] = new { foo = "bar" },
            },
        });
        status.Should().Be(201, body?.ToJsonString());
        var port = body!["port"]!;
        ((string?)port["binding:host_id"]).Should().Be("compute-1");
        ((string?)port["binding:vnic_type"]).Should().Be("normal");
        ((string?)port["binding:vif_type"]).Should().Be("ovs");
        ((string?)port["binding:profile"]!["foo"]).Should().Be("bar");
        port["fixed_ips"]!.AsArray().Should().ContainSingle();

        var (_, byHost, _) = await host.GetAsync($"/v2.0/ports?binding:host_id=compute-1&device_id=vm-1&network_id={network["id"]}");
        byHost!["ports"]!.AsArray().Select(p => (string?)p!["id"]).Should().Equal((string)port["id"]!);

        var (updated, updatedBody, _) = await host.PutAsync($"/v2.0/ports/{port["id"]}", new Dictionary<string, object>
        {
            ["port"] = new Dictionary<string, object> { ["binding:host_id"] = "compute-2", ["binding:profile"] = new { } },
        });
        updated.Should().Be(200);
        ((string?)updatedBody!["port"]!["binding:host_id"]).Should().Be("compute-2");
        updatedBody["port"]!["binding:profile"]!.AsObject().Should().BeEmpty();

        var (inUse, inUseBody, _) = await host.DeleteAsync($"/v2.0/networks/{network["id"]}");
        inUse.Should().Be(409);
        ((string?)inUseBody!["NeutronError"]!["type"]).Should().Be("NetworkInUse");
        (await host.DeleteAsync($"/v2.0/ports/{port["id"]}")).Status.Should().Be(204);
        (await host.DeleteAsync($"/v2.0/networks/{network["id"]}")).Status.Should().Be(204);
    }

    [Fact]
    public async Task Error_messages_are_written_without_escaping_quotes()
    {
        var (status, _, response) = await host.PostAsync("/v2.0/networks", new
        {
            network = new Dictionary<string, object> { ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet9", ["provider:segmentation_id"] = 10 },
        });
        status.Should().Be(400);
        (await response.Content.ReadAsStringAsync()).Should().Contain("'physnet9'");
    }

    [Fact]
    public async Task Description_is_kept_and_updatable()
    {
        var network = await CreateNetworkAsync(new { name = Unique("desc"), description = "first" });
        ((string?)network["description"]).Should().Be("first");
        var (status, body, _) = await host.PutAsync($"/v2.0/networks/{network["id"]}", new { network = new { description = "second", name = "renamed" } });
        status.Should().Be(200);
        ((string?)body!["network"]!["description"]).Should().Be("second");
        ((string?)body["network"]!["name"]).Should().Be("renamed");
        var (_, filtered, _) = await host.GetAsync($"/v2.0/networks?description=second&id={network["id"]}");
        filtered!["networks"]!.AsArray().Should().ContainSingle();
    }
}
