using System.Text.Json.Nodes;

namespace Ml2.Samples.RestHost.Tests;

/// <summary>
/// Request bodies and list queries are prepared as Neutron's API layer prepares them, with its exact error types,
/// statuses and texts (neutron/api/v2/base.py prepare_request_body, neutron_lib/api/attributes.py, converters.py,
/// validators, neutron/api/api_common.py get_filters_from_dict).
/// </summary>
[Collection(RestHostCollection.Name)]
public sealed class RequestValidationTests(RestHostFixture host)
{
    private const string PrivilegesText =
        "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges";

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    private static void ShouldBeError(int status, JsonNode? body, int expectedStatus, string type, string message)
    {
        status.Should().Be(expectedStatus, body?.ToJsonString());
        var error = body!["NeutronError"]!;
        ((string?)error["type"]).Should().Be(type);
        ((string?)error["message"]).Should().Be(message);
        ((string?)error["detail"]).Should().Be("");
    }

    private async Task<JsonNode> CreateAsync(string collection, string resource, Dictionary<string, object?> attributes, string? project = null)
    {
        var (status, body, _) = await host.PostAsync($"/v2.0/{collection}", new Dictionary<string, object> { [resource] = attributes }, project);
        status.Should().Be(201, body?.ToJsonString());
        return body![resource]!;
    }

    private async Task<(JsonNode Network, JsonNode Subnet, JsonNode Port)> CreateNetworkSubnetPortAsync(string cidr)
    {
        var network = await CreateAsync("networks", "network", new() { ["name"] = Unique("rv") });
        var subnet = await CreateAsync("subnets", "subnet", new() { ["network_id"] = (string)network["id"]!, ["cidr"] = cidr, ["ip_version"] = 4 });
        var port = await CreateAsync("ports", "port", new() { ["network_id"] = (string)network["id"]! });
        return (network, subnet, port);
    }

    public static TheoryData<string, string, object?, string, string> BadBodyValues() => new()
    {
        // converters (InvalidInput, "Invalid input for operation: ...")
        { "networks", "admin_state_up", "maybe", "InvalidInput", "Invalid input for operation: 'maybe' cannot be converted to boolean." },
        { "networks", "admin_state_up", 2, "InvalidInput", "Invalid input for operation: '2' cannot be converted to boolean." },
        { "networks", "shared", null, "InvalidInput", "Invalid input for operation: 'None' cannot be converted to boolean." },
        { "networks", "router:external", new[] { "x" }, "InvalidInput", "Invalid input for operation: '['x']' cannot be converted to boolean." },
        { "networks", "mtu", "abc", "InvalidInput", "Invalid input for operation: 'abc' is not an integer." },
        { "networks", "provider:segmentation_id", "1.5", "InvalidInput", "Invalid input for operation: '1.5' is not an integer." },
        { "subnets", "ip_version", "four", "InvalidInput", "Invalid input for operation: 'four' is not an integer." },
        { "subnets", "cidr", "banana", "InvalidInput", "Invalid input for operation: banana is not in a CIDR format." },
        { "subnets", "enable_dhcp", "sometimes", "InvalidInput", "Invalid input for operation: 'sometimes' cannot be converted to boolean." },
        { "ports", "admin_state_up", "", "InvalidInput", "Invalid input for operation: '' cannot be converted to boolean." },
        // validators (HTTPBadRequest, "Invalid input for X. Reason: ...")
        { "networks", "name", 5, "HTTPBadRequest", "Invalid input for name. Reason: '5' is not a valid string." },
        { "networks", "name", true, "HTTPBadRequest", "Invalid input for name. Reason: 'True' is not a valid string." },
        { "networks", "description", null, "HTTPBadRequest", "Invalid input for description. Reason: 'None' is not a valid string." },
        { "networks", "mtu", -1, "HTTPBadRequest", "Invalid input for mtu. Reason: '-1' should be non-negative." },
        { "networks", "provider:network_type", new string('v', 33), "HTTPBadRequest", $"Invalid input for provider:network_type. Reason: '{new string('v', 33)}' exceeds maximum length of 32." },
        { "subnets", "ip_version", 5, "HTTPBadRequest", "Invalid input for ip_version. Reason: 5 is not in valid_values." },
        { "subnets", "allocation_pools", "10.0.0.2", "HTTPBadRequest", "Invalid input for allocation_pools. Reason: Invalid data format for IP pool: '10.0.0.2'." },
        { "ports", "binding:vnic_type", "fast", "HTTPBadRequest", "Invalid input for binding:vnic_type. Reason: fast is not in valid_values." },
        { "ports", "binding:profile", "x=y", "HTTPBadRequest", "Invalid input for binding:profile. Reason: 'x=y' is not a dictionary." },
        { "ports", "fixed_ips", new[] { "10.0.0.3" }, "HTTPBadRequest", "Invalid input for fixed_ips. Reason: Invalid data format for fixed IP: '10.0.0.3'." },
        { "ports", "device_id", new { a = 1 }, "HTTPBadRequest", "Invalid input for device_id. Reason: '{'a': 1}' is not a valid string." },
    };

    [Theory]
    [MemberData(nameof(BadBodyValues))]
    public async Task A_bad_value_in_a_create_body_answers_neutrons_converter_or_validator_error(
        string collection, string attribute, object? value, string type, string message)
    {
        var network = await CreateAsync("networks", "network", new() { ["name"] = Unique("bv") });
        var body = collection switch
        {
            "subnets" => new Dictionary<string, object?> { ["network_id"] = (string)network["id"]!, ["cidr"] = "10.240.0.0/24", ["ip_version"] = 4 },
            "ports" => new Dictionary<string, object?> { ["network_id"] = (string)network["id"]! },
            _ => new Dictionary<string, object?> { ["name"] = Unique("bv") },
        };
        body[attribute] = value;
        var resource = collection[..^1];
        var (status, error, _) = await host.PostAsync($"/v2.0/{collection}", new Dictionary<string, object> { [resource] = body });
        ShouldBeError(status, error, 400, type, message);
        var (_, listed, _) = await host.GetAsync($"/v2.0/{collection}?network_id={network["id"]}");
        if (collection != "networks")
        {
            listed![collection]!.AsArray().Should().BeEmpty("nothing was created");
        }
    }

    [Fact]
    public async Task Converters_accept_what_neutron_accepts_yes_on_1_and_integer_strings()
    {
        var network = await CreateAsync("networks", "network", new()
        {
            ["name"] = Unique("conv"), ["shared"] = "yes", ["admin_state_up"] = 1, ["router:external"] = " Off ", ["mtu"] = " 1400 ",
        });
        ((bool)network["shared"]!).Should().BeTrue();
        ((bool)network["admin_state_up"]!).Should().BeTrue();
        ((bool)network["router:external"]!).Should().BeFalse();
        ((int)network["mtu"]!).Should().Be(1400);

        var (status, updated, _) = await host.PutAsync($"/v2.0/networks/{network["id"]}", new { network = new { admin_state_up = "f" } });
        status.Should().Be(200, updated?.ToJsonString());
        ((bool)updated!["network"]!["admin_state_up"]!).Should().BeFalse();
    }

    [Fact]
    public async Task Attributes_are_checked_in_neutrons_attribute_order_not_the_bodys()
    {
        var (status, body, _) = await host.PostAsync("/v2.0/networks", new Dictionary<string, object>
        {
            ["network"] = new Dictionary<string, object> { ["shared"] = "maybe", ["admin_state_up"] = "nope", ["name"] = 7 },
        });
        ShouldBeError(status, body, 400, "HTTPBadRequest", "Invalid input for name. Reason: '7' is not a valid string.");

        var (status2, body2, _) = await host.PostAsync("/v2.0/networks", new Dictionary<string, object>
        {
            ["network"] = new Dictionary<string, object> { ["shared"] = "maybe", ["admin_state_up"] = "nope" },
        });
        ShouldBeError(status2, body2, 400, "InvalidInput", "Invalid input for operation: 'nope' cannot be converted to boolean.");
    }

    [Fact]
    public async Task Unknown_attributes_are_named_together_before_any_value_is_converted()
    {
        var (status, body, _) = await host.PostAsync("/v2.0/networks", new Dictionary<string, object>
        {
            ["network"] = new Dictionary<string, object> { ["admin_state_up"] = "maybe", ["bogus"] = 1, ["name"] = "x", ["colour"] = "red" },
        });
        ShouldBeError(status, body, 400, "HTTPBadRequest", "Unrecognized attribute(s) 'bogus, colour'");

        var (_, _, port) = await CreateNetworkSubnetPortAsync("10.241.0.0/24");
        var (updateStatus, updateBody, _) = await host.PutAsync($"/v2.0/ports/{port["id"]}", new Dictionary<string, object>
        {
            ["port"] = new Dictionary<string, object> { ["binding:vnic_type"] = "fast", ["nonsense"] = true },
        });
        ShouldBeError(updateStatus, updateBody, 400, "HTTPBadRequest", "Unrecognized attribute(s) 'nonsense'");
    }

    [Fact]
    public async Task Body_shape_errors_use_neutrons_texts()
    {
        ShouldBeError(await Status(host.PostAsync("/v2.0/networks", "{not json")), 400, "HTTPBadRequest", "Body contains invalid data");
        ShouldBeError(await Status(host.PostAsync("/v2.0/networks", "[1]")), 400, "HTTPBadRequest", "Body contains invalid data");
        ShouldBeError(await Status(host.PostAsync("/v2.0/networks", new { net = new { name = "x" } })), 400, "HTTPBadRequest",
            "Unable to find 'network' in request body");
        ShouldBeError(await Status(host.PostAsync("/v2.0/networks", new { network = "x" })), 400, "HTTPBadRequest",
            "Object 'network' contains invalid data");
        ShouldBeError(await Status(host.PostAsync("/v2.0/subnets", new { subnet = new { cidr = "10.242.0.0/24", ip_version = 4 } })), 400,
            "HTTPBadRequest", "Failed to parse request. Required attribute 'network_id' not specified");
        ShouldBeError(await Status(host.PostAsync("/v2.0/networks", new { network = new { status = "DOWN" } })), 400,
            "HTTPBadRequest", "Attribute 'status' not allowed in POST");
    }

    private static async Task<(int, JsonNode?)> Status(Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> call)
    {
        var (status, body, _) = await call;
        return (status, body);
    }

    private static void ShouldBeError((int Status, JsonNode? Body) reply, int expectedStatus, string type, string message) =>
        ShouldBeError(reply.Status, reply.Body, expectedStatus, type, message);

    public static TheoryData<string, string, object, string> ReadOnlyAttributes() => new()
    {
        // every allow_put False attribute of the definitions the host serves
        { "networks", "id", "00000000-0000-0000-0000-000000000001", "id" },
        { "networks", "subnets", Array.Empty<string>(), "subnets" },
        { "networks", "status", "DOWN", "status" },
        { "networks", "tenant_id", "admin", "tenant_id" },
        { "networks", "project_id", "admin", "tenant_id" },
        { "networks", "vlan_transparent", true, "vlan_transparent" },
        { "networks", "created_at", "2020-01-01T00:00:00Z", "created_at" },
        { "networks", "updated_at", "2020-01-01T00:00:00Z", "updated_at" },
        { "networks", "revision_number", 9, "revision_number" },
        { "networks", "availability_zones", Array.Empty<string>(), "availability_zones" },
        { "networks", "ipv4_address_scope", "00000000-0000-0000-0000-000000000001", "ipv4_address_scope" },
        { "networks", "l2_adjacency", false, "l2_adjacency" },
        { "subnets", "id", "00000000-0000-0000-0000-000000000001", "id" },
        { "subnets", "ip_version", 6, "ip_version" },
        { "subnets", "network_id", "00000000-0000-0000-0000-000000000001", "network_id" },
        { "subnets", "subnetpool_id", "00000000-0000-0000-0000-000000000001", "subnetpool_id" },
        { "subnets", "prefixlen", 24, "prefixlen" },
        { "subnets", "cidr", "10.250.0.0/24", "cidr" },
        { "subnets", "tenant_id", "admin", "tenant_id" },
        { "subnets", "project_id", "admin", "tenant_id" },
        { "subnets", "ipv6_ra_mode", "slaac", "ipv6_ra_mode" },
        { "subnets", "ipv6_address_mode", "slaac", "ipv6_address_mode" },
        { "subnets", "shared", true, "shared" },
        { "subnets", "use_default_subnetpool", true, "use_default_subnetpool" },
        { "subnets", "revision_number", 9, "revision_number" },
        { "ports", "id", "00000000-0000-0000-0000-000000000001", "id" },
        { "ports", "network_id", "00000000-0000-0000-0000-000000000001", "network_id" },
        { "ports", "tenant_id", "admin", "tenant_id" },
        { "ports", "project_id", "admin", "tenant_id" },
        { "ports", "status", "ACTIVE", "status" },
        { "ports", "binding:vif_type", "ovs", "binding:vif_type" },
        { "ports", "binding:vif_details", new { }, "binding:vif_details" },
        { "ports", "created_at", "2020-01-01T00:00:00Z", "created_at" },
        { "ports", "revision_number", 9, "revision_number" },
    };

    [Theory]
    [MemberData(nameof(ReadOnlyAttributes))]
    public async Task Updating_a_read_only_attribute_is_400_cannot_update_read_only_attribute(string collection, string attribute, object value, string named)
    {
        var (network, subnet, port) = await CreateNetworkSubnetPortAsync($"10.{Random.Shared.Next(100, 200)}.{Random.Shared.Next(0, 250)}.0/24");
        var target = collection switch { "networks" => network, "subnets" => subnet, _ => port };
        var resource = collection[..^1];
        var (status, body, _) = await host.PutAsync($"/v2.0/{collection}/{target["id"]}", new Dictionary<string, object>
        {
            [resource] = new Dictionary<string, object> { ["name"] = "renamed", [attribute] = value },
        });
        ShouldBeError(status, body, 400, "HTTPBadRequest", $"Cannot update read-only attribute {named}");
        var (_, after, _) = await host.GetAsync($"/v2.0/{collection}/{target["id"]}");
        ((string?)after![resource]!["name"]).Should().NotBe("renamed", "nothing was changed");
    }

    [Fact]
    public async Task A_member_naming_another_project_is_400_bad_request_on_create_and_update()
    {
        var project = $"proj-{Guid.NewGuid():N}"[..16];
        var (status, body, _) = await host.PostAsync("/v2.0/networks", new Dictionary<string, object>
        {
            ["network"] = new Dictionary<string, object> { ["name"] = "theirs", ["tenant_id"] = "someone-else" },
        }, project);
        ShouldBeError(status, body, 400, "HTTPBadRequest", PrivilegesText);

        var (status2, body2, _) = await host.PostAsync("/v2.0/networks", new Dictionary<string, object>
        {
            ["network"] = new Dictionary<string, object> { ["name"] = "theirs", ["project_id"] = "someone-else" },
        }, project);
        ShouldBeError(status2, body2, 400, "HTTPBadRequest", PrivilegesText);

        var (_, own, _) = await host.PostAsync("/v2.0/networks", new Dictionary<string, object>
        {
            ["network"] = new Dictionary<string, object> { ["name"] = "mine", ["project_id"] = project },
        }, project);
        ((string?)own!["network"]!["project_id"]).Should().Be(project, "naming one's own project is allowed");

        var (status3, body3, _) = await host.PutAsync($"/v2.0/networks/{own["network"]!["id"]}", new Dictionary<string, object>
        {
            ["network"] = new Dictionary<string, object> { ["project_id"] = "someone-else" },
        }, project);
        ShouldBeError(status3, body3, 400, "HTTPBadRequest", PrivilegesText);

        var (status4, body4, _) = await host.PostAsync("/v2.0/networks", new Dictionary<string, object>
        {
            ["network"] = new Dictionary<string, object> { ["tenant_id"] = "a", ["project_id"] = "b" },
        });
        ShouldBeError(status4, body4, 400, "HTTPBadRequest", "'project_id' and 'tenant_id' do not match");

        var (_, listed, _) = await host.GetAsync("/v2.0/networks?tenant_id=someone-else");
        listed!["networks"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Unknown_filters_are_named_together_as_a_python_list()
    {
        var (status, body, _) = await host.GetAsync("/v2.0/networks?colour=red&name=x&size=2&subnets=y");
        ShouldBeError(status, body, 400, "HTTPBadRequest", "['colour', 'size', 'subnets'] is invalid attribute for filtering");

        var (portStatus, portBody, _) = await host.GetAsync("/v2.0/ports?binding:vnic_type=normal");
        ShouldBeError(portStatus, portBody, 400, "HTTPBadRequest", "['binding:vnic_type'] is invalid attribute for filtering");

        var (subnetStatus, subnetBody, _) = await host.GetAsync("/v2.0/subnets?allocation_pools=x&o'k=1");
        ShouldBeError(subnetStatus, subnetBody, 400, "HTTPBadRequest", "['allocation_pools', \"o'k\"] is invalid attribute for filtering");
    }

    [Fact]
    public async Task Filter_values_go_through_the_attributes_converter()
    {
        var (status, body, _) = await host.GetAsync("/v2.0/networks?colour=red&admin_state_up=maybe");
        ShouldBeError(status, body, 400, "InvalidInput", "Invalid input for operation: 'maybe' cannot be converted to boolean.");
        var (intStatus, intBody, _) = await host.GetAsync("/v2.0/subnets?ip_version=four");
        ShouldBeError(intStatus, intBody, 400, "InvalidInput", "Invalid input for operation: 'four' is not an integer.");
        var (kvpStatus, kvpBody, _) = await host.GetAsync("/v2.0/ports?fixed_ips=10.0.0.1");
        ShouldBeError(kvpStatus, kvpBody, 400, "InvalidInput", "Invalid input for operation: '10.0.0.1' is not of the form <key>=[value].");

        var name = Unique("flt");
        var network = await CreateAsync("networks", "network", new() { ["name"] = name, ["admin_state_up"] = false });
        foreach (var spelling in new[] { "False", "0", "off", "n" })
        {
            var (okStatus, ok, _) = await host.GetAsync($"/v2.0/networks?name={name}&admin_state_up={spelling}");
            okStatus.Should().Be(200);
            ok!["networks"]!.AsArray().Select(n => (string?)n!["id"]).Should().Equal([(string)network["id"]!], spelling);
        }
    }

    [Fact]
    public async Task A_bad_limit_is_neutron_libs_bad_request_and_a_missing_marker_is_the_resources_not_found()
    {
        var (status, body, _) = await host.GetAsync("/v2.0/networks?limit=abc");
        ShouldBeError(status, body, 400, "BadRequest", "Bad limit request: Limit must be an integer 0 or greater and not 'abc'.");
        var (negative, negativeBody, _) = await host.GetAsync("/v2.0/ports?limit=-1");
        ShouldBeError(negative, negativeBody, 400, "BadRequest", "Bad limit request: Limit must be an integer 0 or greater and not '-1'.");

        var marker = Guid.NewGuid().ToString();
        var (missing, missingBody, _) = await host.GetAsync($"/v2.0/networks?limit=1&marker={marker}");
        ShouldBeError(missing, missingBody, 404, "NetworkNotFound", $"Network {marker} could not be found.");
        var (missingPort, missingPortBody, _) = await host.GetAsync($"/v2.0/ports?limit=1&marker={marker}");
        ShouldBeError(missingPort, missingPortBody, 404, "PortNotFound", $"Port {marker} could not be found.");
    }

    [Fact]
    public async Task The_writable_mtu_is_advertised_as_net_mtu_writable()
    {
        var (status, body, _) = await host.GetAsync("/v2.0/extensions/net-mtu-writable");
        status.Should().Be(200);
        ((string?)body!["extension"]!["name"]).Should().Be("Network MTU (writable)");
        var network = await CreateAsync("networks", "network", new() { ["name"] = Unique("mtu"), ["mtu"] = 1450 });
        var (updated, updatedBody, _) = await host.PutAsync($"/v2.0/networks/{network["id"]}", new { network = new { mtu = 1400 } });
        updated.Should().Be(200, updatedBody?.ToJsonString());
        ((int)updatedBody!["network"]!["mtu"]!).Should().Be(1400);
    }

    [Fact]
    public async Task A_delete_with_a_body_is_refused_and_deletes_nothing()
    {
        var network = await CreateAsync("networks", "network", new() { ["name"] = Unique("del") });
        var (status, body, _) = await host.SendAsync(HttpMethod.Delete, $"/v2.0/networks/{network["id"]}", new { network = new { } });
        ShouldBeError(status, body, 400, "HTTPBadRequest", "Request body is not supported in DELETE.");
        (await host.GetAsync($"/v2.0/networks/{network["id"]}")).Status.Should().Be(200);
        (await host.DeleteAsync($"/v2.0/networks/{network["id"]}")).Status.Should().Be(204);
    }
}
