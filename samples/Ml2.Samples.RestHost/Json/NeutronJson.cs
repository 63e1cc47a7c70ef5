using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ml2.Model;
using Ml2.Samples.RestHost.Drivers;

namespace Ml2.Samples.RestHost.Json;

/// <summary>
/// SDK models as Neutron v2.0 dictionaries. Provider attributes and <c>binding:host_id</c>/<c>vif_*</c>/<c>profile</c>
/// are shown to admins only (Neutron's default policy).
/// </summary>
internal static class NeutronJson
{
    public static JsonObject Network(Network network, IReadOnlyList<string> subnetIds, bool admin)
    {
        var o = new JsonObject
        {
            ["id"] = network.Id,
            ["name"] = network.Name,
            ["status"] = network.Status,
            ["admin_state_up"] = network.AdminStateUp,
            ["subnets"] = Array(subnetIds.Select(s => (JsonNode?)s)),
            ["shared"] = network.Shared,
            ["router:external"] = network.External,
            ["mtu"] = network.Mtu,
            ["vlan_transparent"] = network.VlanTransparent,
            ["description"] = Description(network.ExtensionAttributes),
            ["project_id"] = network.TenantId,
            ["tenant_id"] = network.TenantId,
            ["availability_zone_hints"] = new JsonArray(),
            ["availability_zones"] = new JsonArray(),
            ["port_security_enabled"] = true,
            ["ipv4_address_scope"] = null,
            ["ipv6_address_scope"] = null,
            ["l2_adjacency"] = true,
            ["tags"] = new JsonArray(),
            ["revision_number"] = network.RevisionNumber,
            ["created_at"] = Timestamp(network.CreatedAt),
            ["updated_at"] = Timestamp(network.UpdatedAt),
        };
        if (admin)
        {
            var segments = network.Segments.Where(s => !s.IsDynamic).OrderBy(s => s.SegmentIndex).ToList();
            if (segments.Count > 1)
            {
                o["segments"] = Array(segments.Select(s => (JsonNode?)Provider(new JsonObject(), s)));
            }
            else
            {
                Provider(o, segments.FirstOrDefault());
            }
        }

        return o;
    }

    public static JsonObject Subnet(Subnet subnet) => new()
    {
        ["id"] = subnet.Id,
        ["name"] = subnet.Name,
        ["network_id"] = subnet.NetworkId,
        ["ip_version"] = subnet.IpVersion,
        ["cidr"] = subnet.Cidr,
        ["gateway_ip"] = subnet.GatewayIp,
        ["allocation_pools"] = Array(subnet.AllocationPools.Select(p => (JsonNode?)new JsonObject { ["start"] = p.Start, ["end"] = p.End })),
        ["host_routes"] = Extension(subnet.ExtensionAttributes, StandardAttributesExtensionDriver.HostRoutes) ?? new JsonArray(),
        ["dns_nameservers"] = Extension(subnet.ExtensionAttributes, StandardAttributesExtensionDriver.DnsNameservers) ?? new JsonArray(),
        ["enable_dhcp"] = subnet.EnableDhcp,
        ["ipv6_ra_mode"] = null,
        ["ipv6_address_mode"] = null,
        ["subnetpool_id"] = null,
        ["service_types"] = new JsonArray(),
        ["segment_id"] = null,
        ["description"] = Description(subnet.ExtensionAttributes),
        ["project_id"] = subnet.TenantId,
        ["tenant_id"] = subnet.TenantId,
        ["tags"] = new JsonArray(),
        ["revision_number"] = subnet.RevisionNumber,
        ["created_at"] = Timestamp(subnet.CreatedAt),
        ["updated_at"] = Timestamp(subnet.UpdatedAt),
    };

    public static JsonObject Port(Port port, bool admin)
    {
        var o = new JsonObject
        {
            ["id"] = port.Id,
            ["name"] = port.Name,
            ["network_id"] = port.NetworkId,
            ["mac_address"] = port.MacAddress,
            ["fixed_ips"] = Array(port.FixedIps.Select(ip => (JsonNode?)new JsonObject { ["subnet_id"] = ip.SubnetId, ["ip_address"] = ip.IpAddress })),
            ["status"] = port.Status,
            ["admin_state_up"] = port.AdminStateUp,
            ["device_id"] = port.DeviceId,
            ["device_owner"] = port.DeviceOwner,
            ["binding:vnic_type"] = port.Binding.VnicType,
            ["security_groups"] = new JsonArray(),
            ["allowed_address_pairs"] = new JsonArray(),
            ["extra_dhcp_opts"] = new JsonArray(),
            ["port_security_enabled"] = true,
            ["description"] = Description(port.ExtensionAttributes),
            ["project_id"] = port.TenantId,
            ["tenant_id"] = port.TenantId,
            ["tags"] = new JsonArray(),
            ["revision_number"] = port.RevisionNumber,
            ["created_at"] = Timestamp(port.CreatedAt),
            ["updated_at"] = Timestamp(port.UpdatedAt),
        };
        if (admin)
        {
            o["binding:host_id"] = port.Binding.HostId;
            o["binding:vif_type"] = port.Binding.VifType;
            o["binding:vif_details"] = Map(port.Binding.VifDetails);
            o["binding:profile"] = Map(port.Binding.Profile);
        }

        return o;
    }

    /// <summary>Neutron's timestamp format: <c>2026-01-02T03:04:05Z</c>.</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    public static JsonObject Map(IReadOnlyDictionary<string, JsonElement> values)
    {
        var o = new JsonObject();
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            o[key] = JsonNode.Parse(value.GetRawText());
        }

        return o;
    }

    private static JsonObject Provider(JsonObject target, NetworkSegment? segment)
    {
        target["provider:network_type"] = segment?.NetworkType;
        target["provider:physical_network"] = segment?.PhysicalNetwork;
        target["provider:segmentation_id"] = segment?.SegmentationId;
        return target;
    }

    private static string Description(IReadOnlyDictionary<string, JsonElement> attributes) =>
        attributes.TryGetValue(StandardAttributesExtensionDriver.Description, out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";

    private static JsonNode? Extension(IReadOnlyDictionary<string, JsonElement> attributes, string name) =>
        attributes.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? JsonNode.Parse(value.GetRawText()) : null;
}
