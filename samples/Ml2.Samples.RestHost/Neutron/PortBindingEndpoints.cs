using System.Text.Json.Nodes;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Json;

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
    /// <summary>The sub-resource's attributes with <c>is_filter</c> in neutron-lib's definition.</summary>
    private static readonly string[] s_filters = ["host", "vif_type", "vnic_type", "status"];

    private static readonly HashSet<string> s_reserved = new(StringComparer.Ordinal)
    {
        "fields", "limit", "marker", "page_reverse", "sort_key", "sort_dir",
    };

    /// <summary>The attributes Neutron's definition marks <c>allow_post: False</c>.</summary>
    private static readonly string[] s_notAllowedInPost = ["vif_type", "vif_details", "status"];

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
        var query = ListQuery.Parse(http.Request);
        var filters = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, values) in http.Request.Query)
        {
            if (s_reserved.Contains(key))
            {
                continue;
            }

            if (!s_filters.Contains(key, StringComparer.Ordinal))
            {
                throw new InvalidInputException(key, string.Join(",", values.Select(v => v ?? "")), $"{key} is invalid attribute for filtering");
            }

            filters[key] = [.. values.Select(v => v ?? "")];
        }

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
        return Reply.Wrapped("binding", ListQuery.Parse(http.Request).Project(Binding(binding)));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IMl2Plugin ml2, string id)
    {
        var body = await RequestBody.ReadAsync(http, "binding");
        if (s_notAllowedInPost.FirstOrDefault(body.Has) is { } notAllowed)
        {
            throw HttpStatusException.BadRequest($"Attribute '{notAllowed}' not allowed in POST");
        }

        var request = new PortBindingCreateRequest
        {
            Host = body.String("host") ?? throw HttpStatusException.BadRequest("Failed to parse request. Required attribute 'host' not specified"),
            VnicType = body.String("vnic_type"),
            Profile = body.Object("profile"),
        };
        body.RejectUnknown("project_id", "tenant_id");
        var binding = await ml2.CreatePortBindingAsync(CallerIdentity.Of(http), id, request, http.RequestAborted);
        return Reply.Wrapped("binding", Binding(binding), StatusCodes.Status201Created);
    }

    /// <summary>
    /// Neutron's <c>update_port_binding</c>: as in Neutron, a body without <c>profile</c> clears the profile (its
    /// <c>_get_port_binding_attrs</c> defaults it to <c>{}</c>); the host is the one in the path.
    /// </summary>
    private static async Task<IResult> UpdateAsync(HttpContext http, IMl2Plugin ml2, string id, string host)
    {
        var body = await RequestBody.ReadAsync(http, "binding");
        if (s_notAllowedInPost.FirstOrDefault(body.Has) is { } notAllowed)
        {
            throw HttpStatusException.BadRequest($"Cannot update read-only attribute {notAllowed}");
        }

        if (body.String("host") is { } moved && moved != host)
        {
            throw HttpStatusException.BadRequest($"Cannot move the binding of host {host} to host {moved}");
        }

        var request = new PortBindingUpdateRequest
        {
            VnicType = body.String("vnic_type"),
            Profile = body.Object("profile") ?? new Dictionary<string, System.Text.Json.JsonElement>(),
        };
        body.RejectUnknown();
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
        await ml2.DeletePortBindingAsync(CallerIdentity.Of(http), id, host, http.RequestAborted);
        return Reply.NoContent();
    }
}
