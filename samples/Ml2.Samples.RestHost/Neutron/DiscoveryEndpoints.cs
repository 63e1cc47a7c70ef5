using System.Text.Json.Nodes;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Json;

namespace Ml2.Samples.RestHost.Neutron;

/// <summary>
/// Version discovery (<c>GET /</c>, which keystoneauth needs: its self link's path becomes the clients' base),
/// <c>GET /v2.0</c> (the resources) and <c>/v2.0/extensions[/{alias}]</c>.
/// </summary>
internal static class DiscoveryEndpoints
{
    private static readonly (string Alias, string Name, string Description)[] s_extensions =
    [
        ("provider", "Provider Network", "Expose mapping of virtual networks to physical networks"),
        ("multi-provider", "Multi Provider Network", "Expose mapping of virtual networks to multiple physical networks"),
        ("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
        ("binding-extended", "Port Bindings Extended", "Expose port bindings of a virtual port to external application"),
        ("net-mtu", "Network MTU", "Provides MTU attribute for a network resource."),
        ("net-mtu-writable", "Network MTU (writable)", "Provides a writable MTU attribute for a network resource."),
        ("vlan-transparent", "Vlantransparent", "Provides Vlan Transparent Networks"),
        ("external-net", "Neutron external network", "Adds external network attribute to network resource."),
        ("project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled."),
        ("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes"),
        ("standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."),
        ("standard-attr-revisions", "Resource revision numbers", "This extension will display the revision number of neutron resources."),
    ];

    public static void MapVersionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http) => Reply.Json(new JsonObject
        {
            ["versions"] = new JsonArray(new JsonObject
            {
                ["id"] = "v2.0",
                ["status"] = "CURRENT",
                ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{Root(http)}/v2.0/" }),
            }),
        }));
        app.MapGet("/v2.0", (HttpContext http) => Reply.Json(new JsonObject
        {
            ["resources"] = NeutronJson.Array(new[] { ("network", "networks"), ("subnet", "subnets"), ("port", "ports") }
                .Select(r => (JsonNode?)new JsonObject
                {
                    ["name"] = r.Item1,
                    ["collection"] = r.Item2,
                    ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"{Root(http)}/v2.0/{r.Item2}" }),
                })),
        }));
    }

    public static void MapExtensionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2.0/extensions", () => Reply.Json(new JsonObject
        {
            ["extensions"] = NeutronJson.Array(s_extensions.Select(e => (JsonNode?)Extension(e))),
        }));
        app.MapGet("/v2.0/extensions/{alias}", (string alias) =>
        {
            var found = s_extensions.Where(e => e.Alias == alias).ToArray();
            return found.Length == 1
                ? Reply.Wrapped("extension", Extension(found[0]))
                : throw new HttpStatusException(StatusCodes.Status404NotFound, "ExtensionNotFound", $"Extension with alias {alias} does not exist");
        });
    }

    private static JsonObject Extension((string Alias, string Name, string Description) e) => new()
    {
        ["alias"] = e.Alias,
        ["name"] = e.Name,
        ["description"] = e.Description,
        ["updated"] = "2013-01-20T00:00:00-00:00",
        ["links"] = new JsonArray(),
    };

    private static string Root(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
