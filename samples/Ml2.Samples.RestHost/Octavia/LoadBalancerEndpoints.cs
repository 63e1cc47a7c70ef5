using Ml2.Samples.RestHost.Hosting;
using Lbaas.Service;
using Lbaas;
using Ml2.Plugin;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Json;
using Ml2.Samples.RestHost.Neutron;

namespace Ml2.Samples.RestHost.Octavia;

/// <summary>
/// Octavia v2 under <c>{prefix}</c> (<c>/v2.0/lbaas</c> for octaviaclient and the SDK, <c>/v2/lbaas</c> as Octavia
/// itself): load balancers (a VIP from <c>vip_subnet_id</c> or <c>vip_network_id</c>; PENDING_CREATE then ACTIVE
/// once the appliance driver has realised it; a deleted one is 404), listeners, pools, members, health monitors,
/// providers, flavors, flavor profiles and a load balancer's status tree.
/// </summary>
internal static class LoadBalancerEndpoints
{
    private static readonly string[] s_tolerated = ["tags", "vip_qos_policy_id", "availability_zone"];

    public static void MapOctaviaEndpoints(this IEndpointRouteBuilder app, string prefix)
    {
        app.MapCrud($"{prefix}/loadbalancers", ListAsync, GetAsync, CreateAsync, UpdateAsync, DeleteAsync);
        app.MapListenerEndpoints(prefix);
        app.MapPoolEndpoints(prefix);
        app.MapHealthMonitorEndpoints(prefix);
        app.MapProviderEndpoints(prefix);
        app.MapLoadBalancerStatusEndpoints(prefix);
    }

    internal static async Task<Microsoft.AspNetCore.Http.IResult> ListAsync(HttpContext http, ILoadBalancerService lbaas)
    {
        var caller = CallerIdentity.Of(http);
        var query = ListQuery.ParseHostSide(http.Request);
        var descriptions = await http.RequestServices.GetRequiredService<LoadBalancerDescriptions>().AllAsync(http.RequestAborted);
        var items = new List<System.Text.Json.Nodes.JsonObject>();
        foreach (var lb in await lbaas.ListLoadBalancersAsync(caller, http.RequestAborted))
        {
            items.Add(await JsonAsync(lbaas, caller, lb, descriptions.GetValueOrDefault(lb.Id, ""), http.RequestAborted));
        }

        return query.Respond("loadbalancers", "Load Balancer", items);
    }

    private static async Task<Microsoft.AspNetCore.Http.IResult> GetAsync(HttpContext http, ILoadBalancerService lbaas, string id)
    {
        var caller = CallerIdentity.Of(http);
        var lb = await lbaas.GetLoadBalancerAsync(caller, id, http.RequestAborted);
        var description = await http.RequestServices.GetRequiredService<LoadBalancerDescriptions>().GetAsync(lb.Id, http.RequestAborted);
        return Reply.Wrapped("loadbalancer", ListQuery.Parse(http.Request).Project(await JsonAsync(lbaas, caller, lb, description, http.RequestAborted)));
    }

    private static async Task<Microsoft.AspNetCore.Http.IResult> CreateAsync(HttpContext http, ILoadBalancerService lbaas, IMl2Plugin ml2)
    {
        var caller = CallerIdentity.Of(http);
        var body = await RequestBody.ReadAsync(http, "loadbalancer");
        var subnetId = body.String("vip_subnet_id");
        var networkId = body.String("vip_network_id");
        if (subnetId is not null)
        {
            var subnet = await ml2.GetSubnetAsync(caller, subnetId, http.RequestAborted);
            if (networkId is not null && networkId != subnet.NetworkId)
            {
                throw HttpStatusException.BadRequest($"Validation failure: Subnet {subnetId} is not on network {networkId}.");
            }

            networkId = subnet.NetworkId;
        }

        var request = new LoadBalancerCreateRequest
        {
            VipNetworkId = networkId ?? throw HttpStatusException.BadRequest("Validation failure: VIP must contain one of: vip_port_id, vip_network_id, vip_subnet_id."),
            VipSubnetId = subnetId,
            TenantId = body.String("project_id") ?? body.String("tenant_id"),
            Name = body.String("name"),
            MemberNetworkId = body.String("member_network_id"),
            Provider = body.String("provider"),
            FlavorId = body.String("flavor_id"),
            Topology = body.String("topology"),
            AdminStateUp = body.Bool("admin_state_up"),
        };
        var description = body.String("description") ?? "";
        body.RejectUnknown(s_tolerated);
        ValidateDescription(description);
        var lb = await lbaas.CreateLoadBalancerAsync(caller, request, http.RequestAborted);
        if (description.Length > 0)
        {
            await http.RequestServices.GetRequiredService<LoadBalancerDescriptions>().SetAsync(lb.Id, description, http.RequestAborted);
        }

        return Reply.Wrapped("loadbalancer", await JsonAsync(lbaas, caller, lb, description, http.RequestAborted), StatusCodes.Status201Created);
    }

    private static async Task<Microsoft.AspNetCore.Http.IResult> UpdateAsync(HttpContext http, ILoadBalancerService lbaas, string id)
    {
        var caller = CallerIdentity.Of(http);
        var body = await RequestBody.ReadAsync(http, "loadbalancer");
        var request = new LoadBalancerUpdateRequest { Name = body.String("name"), AdminStateUp = body.Bool("admin_state_up") };
        var newDescription = body.String("description") ?? (body.Has("description") ? "" : null);
        body.RejectUnknown(s_tolerated);
        ValidateDescription(newDescription);
        var lb = await lbaas.UpdateLoadBalancerAsync(caller, id, request, http.RequestAborted);
        var descriptions = http.RequestServices.GetRequiredService<LoadBalancerDescriptions>();
        if (newDescription is not null)
        {
            await descriptions.SetAsync(lb.Id, newDescription, http.RequestAborted);
        }

        var description = newDescription ?? await descriptions.GetAsync(lb.Id, http.RequestAborted);
        return Reply.Wrapped("loadbalancer", await JsonAsync(lbaas, caller, lb, description, http.RequestAborted));
    }

    private static async Task<Microsoft.AspNetCore.Http.IResult> DeleteAsync(HttpContext http, ILoadBalancerService lbaas, string id)
    {
        var cascade = string.Equals(http.Request.Query["cascade"].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);
        await lbaas.DeleteLoadBalancerAsync(CallerIdentity.Of(http), id, cascade, http.RequestAborted);
        await http.RequestServices.GetRequiredService<LoadBalancerDescriptions>().SetAsync(id, "", http.RequestAborted);
        return Reply.NoContent();
    }

    /// <summary>The SDK keeps no listener or pool description: an empty one is accepted, any other refused (not silently lost).</summary>
    internal static void RejectDescription(RequestBody body)
    {
        if (body.String("description") is { Length: > 0 })
        {
            throw HttpStatusException.BadRequest("Validation failure: description is not supported by this server.");
        }
    }

    private static void ValidateDescription(string? description)
    {
        if (description is { Length: > 255 })
        {
            throw HttpStatusException.BadRequest("Validation failure: description is longer than 255 characters.");
        }
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> JsonAsync(
        ILoadBalancerService lbaas, CallerContext caller, LoadBalancer lb, string description, CancellationToken cancellationToken)
    {
        var listeners = await lbaas.ListListenersAsync(caller, lb.Id, cancellationToken);
        var pools = await lbaas.ListPoolsAsync(caller, lb.Id, cancellationToken);
        return OctaviaJson.LoadBalancer(lb, description, listeners.Select(l => l.Id), pools.Select(p => p.Id));
    }
}
