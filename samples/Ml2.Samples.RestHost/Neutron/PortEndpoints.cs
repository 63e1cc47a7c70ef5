using Ml2.Samples.RestHost.Hosting;
using System.Text.Json;
using Ml2.Plugin;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Json;
using Ml2.Samples.RestHost.Neutron.Attributes;

namespace Ml2.Samples.RestHost.Neutron;

/// <summary><c>/v2.0/ports</c>, with the port-binding attributes (<c>binding:host_id</c>, <c>binding:vnic_type</c>, <c>binding:profile</c>).</summary>
internal static class PortEndpoints
{
    public static void MapPortEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCrud("/v2.0/ports", ListAsync, GetAsync, CreateAsync, UpdateAsync, DeleteAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IMl2Plugin ml2)
    {
        var caller = CallerIdentity.Of(http);
        var query = ListQuery.Parse(http.Request, ResourceAttributes.Port);
        var ports = await ml2.ListPortsAsync(caller, query.Filter, http.RequestAborted);
        return query.Respond("ports", "Port", ports.Select(p => NeutronJson.Port(p, caller.IsAdmin)));
    }

    private static async Task<IResult> GetAsync(HttpContext http, IMl2Plugin ml2, string id)
    {
        var caller = CallerIdentity.Of(http);
        var port = await ml2.GetPortAsync(caller, id, http.RequestAborted);
        return Reply.Wrapped("port", ListQuery.Parse(http.Request, ResourceAttributes.Port).Project(NeutronJson.Port(port, caller.IsAdmin)));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IMl2Plugin ml2)
    {
        var caller = CallerIdentity.Of(http);
        var body = await RequestBody.ReadAsync(http, ResourceAttributes.Port);
        var request = new PortCreateRequest
        {
            NetworkId = body.String("network_id")!,
            TenantId = body.String("project_id") ?? body.String("tenant_id"),
            Name = body.String("name"),
            MacAddress = body.String("mac_address"),
            FixedIps = FixedIps(body),
            DeviceId = body.String("device_id"),
            DeviceOwner = body.String("device_owner"),
            AdminStateUp = body.Bool("admin_state_up"),
            HostId = body.String("binding:host_id"),
            VnicType = body.String("binding:vnic_type"),
            Profile = body.Object("binding:profile"),
            ExtensionAttributes = NetworkEndpoints.Extensions(body),
        };
        RequireEmpty(body, "allowed_address_pairs");
        var port = await ml2.CreatePortAsync(caller, request, http.RequestAborted);
        return Reply.Wrapped("port", NeutronJson.Port(port, caller.IsAdmin), StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, IMl2Plugin ml2, string id)
    {
        var caller = CallerIdentity.Of(http);
        var body = await RequestBody.ReadAsync(http, ResourceAttributes.Port);
        var request = new PortUpdateRequest
        {
            Name = body.String("name"),
            MacAddress = body.String("mac_address"),
            FixedIps = FixedIps(body),
            DeviceId = body.String("device_id"),
            DeviceOwner = body.String("device_owner"),
            AdminStateUp = body.Bool("admin_state_up"),
            HostId = body.String("binding:host_id") ?? (body.Has("binding:host_id") ? "" : null),
            VnicType = body.String("binding:vnic_type"),
            Profile = body.Object("binding:profile"),
            ExtensionAttributes = NetworkEndpoints.Extensions(body),
        };
        RequireEmpty(body, "allowed_address_pairs");
        var port = await ml2.UpdatePortAsync(caller, id, request, http.RequestAborted);
        return Reply.Wrapped("port", NeutronJson.Port(port, caller.IsAdmin));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, IMl2Plugin ml2, string id)
    {
        await RequestBody.RejectInDeleteAsync(http);
        await ml2.DeletePortAsync(CallerIdentity.Of(http), id, http.RequestAborted);
        return Reply.NoContent();
    }

    private static List<FixedIpRequest>? FixedIps(RequestBody body) =>
        body.List("fixed_ips")?.Select(ip =>
        {
            if (ip.ValueKind != JsonValueKind.Object)
            {
                throw RequestBody.Invalid("fixed_ips", ip, $"'{ip.GetRawText()}' is not a valid fixed IP");
            }

            string? Text(string name) => ip.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new FixedIpRequest(Text("subnet_id"), Text("ip_address"));
        }).ToList();

    private static void RequireEmpty(RequestBody body, string name)
    {
        if (body.List(name) is { Count: > 0 })
        {
            throw HttpStatusException.BadRequest($"{name} is not supported by this server");
        }
    }
}
