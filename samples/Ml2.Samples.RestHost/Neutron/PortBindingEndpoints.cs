using System.Text.Json.Nodes;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Json;
using Ml2.Samples.RestHost.Neutron.Attributes;

namespace Ml2.Samples.RestHost.Neutron;

/// <summary>
/// Neutron's <c>binding-extended</c> sub-resource of ports (what Nova uses for live migration):
/// <c>GET/POST /v2.0/ports/{id}/bindings</c>, <c>GET/PUT/DELETE /v2.0/ports/{id}/bindings/{host}</c> and
/// <c>PUT /v2.0/ports/{id}/bindings/{host}/activate</c>. A binding is
/// <c>{host, vif_type, vif_details, vnic_type, profile, status}</c>; activation answers it unwrapped, as Neutron's
/// member actions do. Lists filter on <c>host</c>, <c>vif_type</c>, <c>vnic_type</c> and <c>status</c> and honour
/// <c>fields</c> and <c>limit</c>.
/// </summary>
internal static class PortBindingEndpoints
{
    private static readonly HashSet<string> s_reserved = new(StringComparer.Ordinal)
    {
        "fields", "limit", "marker", "page_reverse", "sort_key", "sort_dir",
    };

    public static void MapPortBindingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2.0/ports/{id}/bindings");
        group.MapGet("", ListAsync);
        group.MapPost("", CreateAsync);
        group.MapGet("/{host}", GetAsync);
        group.MapPut("/{host}", UpdateAsync);
        group.MapDelete("/{host}", DeleteAsync);
        group.MapPut("/{host}/activate", ActivateAsync);
    }

    /// <summary>A binding as Neutron's <c>_make_port_binding_dict</c> writes it.</summary>
    /// <param name="binding">The binding.</param>
    /// <returns>The dictionary.</returns>
    public static JsonObject Binding(PortHostBinding binding) => new()
    {
        ["host"] = binding.Host,
        ["vif_type"] = binding.Binding.VifType,
        ["vif_details"] = NeutronJson.Map(binding.Binding.VifDetails),
        ["vnic_type"] = binding.Binding.VnicType,
        ["profile"] = NeutronJson.Map(binding.Binding.Profile),
        ["status"] = binding.Status,
    };

    private static async Task<IResult> ListAsync(HttpContext http, IMl2Plugin ml2, string id)
    {
        var query = ListQuery.Parse(http.Request, ResourceAttributes.Binding);   // refuses what is not a filter, as Neutron does
        var filters = http.Request.Query
            .Where(q => !s_reserved.Contains(q.Key))
            .ToDictionary(q => q.Key, q => q.Value.Select(v => v ?? "").ToArray(), StringComparer.Ordinal);
        var bindings = await ml2.ListPortBindingsAsync(CallerIdentity.Of(http), id, http.RequestAborted);
        var items = bindings.Select(Binding)
            .Where(b => filters.All(f => f.Value.Contains((string?)b[f.Key], StringComparer.Ordinal)))
            .Take(query.Limit ?? int.MaxValue)
            .Select(b => (JsonNode?)query.Project(b));
        return Reply.Json(new JsonObject { ["bindings"] = NeutronJson.Array(items) });
    }

    private static async Task<IResult> GetAsync(HttpContext http, IMl2Plugin ml2, string id, string host)
    {
        var binding = await ml2.GetPortBindingAsync(CallerIdentity.Of(http), id, host, http.RequestAborted);
        return Reply.Wrapped("binding", ListQuery.Parse(http.Request, ResourceAttributes.Binding).Project(Binding(binding)));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IMl2Plugin ml2, string id)
    {
        var body = await RequestBody.ReadAsync(http, ResourceAttributes.Binding);
        var request = new PortBindingCreateRequest
        {
            Host = body.String("host")!,
            VnicType = body.String("vnic_type"),
            Profile = body.Object("profile"),
        };
        var binding = await ml2.CreatePortBindingAsync(CallerIdentity.Of(http), id, request, http.RequestAborted);
        return Reply.Wrapped("binding", Binding(binding), StatusCodes.Status201Created);
    }

    /// <summary>
    /// Neutron's <c>update_port_binding</c>: as in Neutron, a body without <c>profile</c> clears the profile (its
    /// <c>_get_port_binding_attrs</c> defaults it to <c>{}</c>); the host is the one in the path.
    /// </summary>
    private static async Task<IResult> UpdateAsync(HttpContext http, IMl2Plugin ml2, string id, string host)
    {
        var body = await RequestBody.ReadAsync(http, ResourceAttributes.Binding);
        if (body.String("host") is { } moved && moved != host)
        {
            throw HttpStatusException.BadRequest($"Cannot move the binding of host {host} to host {moved}");
        }

        var request = new PortBindingUpdateRequest
        {
            VnicType = body.String("vnic_type"),
            Profile = body.Object("profile") ?? new Dictionary<string, System.Text.Json.JsonElement>(),
        };
        var binding = await ml2.UpdatePortBindingAsync(CallerIdentity.Of(http), id, host, request, http.RequestAborted);
        return Reply.Wrapped("binding", Binding(binding));
    }

    private static async Task<IResult> ActivateAsync(HttpContext http, IMl2Plugin ml2, string id, string host)
    {
        var binding = await ml2.ActivatePortBindingAsync(CallerIdentity.Of(http), id, host, http.RequestAborted);
        return Reply.Json(Binding(binding));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, IMl2Plugin ml2, string id, string host)
    {
        await RequestBody.RejectInDeleteAsync(http);
        await ml2.DeletePortBindingAsync(CallerIdentity.Of(http), id, host, http.RequestAborted);
        return Reply.NoContent();
    }
}
