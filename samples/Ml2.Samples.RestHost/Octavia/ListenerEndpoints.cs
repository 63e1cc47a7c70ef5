using Lbaas.Service;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Json;
using Ml2.Samples.RestHost.Neutron;

namespace Ml2.Samples.RestHost.Octavia;

/// <summary>Octavia v2 listeners.</summary>
internal static class ListenerEndpoints
{
    private static readonly string[] s_tolerated = ["tags", "connection_limit"];

    public static void MapListenerEndpoints(this IEndpointRouteBuilder app, string prefix)
    {
        var group = app.MapGroup($"{prefix}/listeners");
        group.MapGet("", async (HttpContext http, ILoadBalancerService lbaas) =>
        {
            var query = ListQuery.ParseHostSide(http.Request);
            var listeners = await lbaas.ListListenersAsync(CallerIdentity.Of(http), null, http.RequestAborted);
            return query.Respond("listeners", "Listener", listeners.Select(OctaviaJson.Listener));
        });
        group.MapGet("/{id}", async (HttpContext http, ILoadBalancerService lbaas, string id) =>
            Reply.Wrapped("listener", OctaviaJson.Listener(await lbaas.GetListenerAsync(CallerIdentity.Of(http), id, http.RequestAborted))));
        group.MapPost("", async (HttpContext http, ILoadBalancerService lbaas) =>
        {
            var body = await RequestBody.ReadAsync(http, "listener");
            var request = new ListenerCreateRequest
            {
                LoadBalancerId = body.String("loadbalancer_id") ?? throw HttpStatusException.BadRequest("Validation failure: loadbalancer_id is required."),
                Protocol = body.String("protocol") ?? throw HttpStatusException.BadRequest("Validation failure: protocol is required."),
                ProtocolPort = (int)(body.Integer("protocol_port") ?? throw HttpStatusException.BadRequest("Validation failure: protocol_port is required.")),
                Name = body.String("name"),
                DefaultPoolId = body.String("default_pool_id"),
                AdminStateUp = body.Bool("admin_state_up"),
            };
            LoadBalancerEndpoints.RejectDescription(body);
            body.RejectUnknown(s_tolerated);
            var listener = await lbaas.CreateListenerAsync(CallerIdentity.Of(http), request, http.RequestAborted);
            return Reply.Wrapped("listener", OctaviaJson.Listener(listener), StatusCodes.Status201Created);
        });
        group.MapPut("/{id}", async (HttpContext http, ILoadBalancerService lbaas, string id) =>
        {
            var body = await RequestBody.ReadAsync(http, "listener");
            var request = new ListenerUpdateRequest
            {
                Name = body.String("name"), DefaultPoolId = body.String("default_pool_id"), AdminStateUp = body.Bool("admin_state_up"),
            };
            LoadBalancerEndpoints.RejectDescription(body);
            body.RejectUnknown(s_tolerated);
            return Reply.Wrapped("listener", OctaviaJson.Listener(await lbaas.UpdateListenerAsync(CallerIdentity.Of(http), id, request, http.RequestAborted)));
        });
        group.MapDelete("/{id}", async (HttpContext http, ILoadBalancerService lbaas, string id) =>
        {
            await lbaas.DeleteListenerAsync(CallerIdentity.Of(http), id, http.RequestAborted);
            return Reply.NoContent();
        });
    }
}
