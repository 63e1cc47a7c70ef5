using Lbaas.Service;
using Lbaas;
using Ml2.Plugin;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Json;
using Ml2.Samples.RestHost.Neutron;

namespace Ml2.Samples.RestHost.Octavia;

/// <summary>Octavia v2 pools and their members (<c>/pools/{pool_id}/members</c>).</summary>
internal static class PoolEndpoints
{
    private static readonly string[] s_tolerated = ["tags", "session_persistence", "name"];

    public static void MapPoolEndpoints(this IEndpointRouteBuilder app, string prefix)
    {
        var pools = app.MapGroup($"{prefix}/pools");
        pools.MapGet("", async (HttpContext http, ILoadBalancerService lbaas) =>
        {
            var caller = CallerIdentity.Of(http);
            var query = ListQuery.ParseHostSide(http.Request);
            var items = new List<System.Text.Json.Nodes.JsonObject>();
            foreach (var pool in await lbaas.ListPoolsAsync(caller, null, http.RequestAborted))
            {
                items.Add(await JsonAsync(lbaas, caller, pool, http.RequestAborted));
            }

            return query.Respond("pools", "Pool", items);
        });
        pools.MapGet("/{id}", async (HttpContext http, ILoadBalancerService lbaas, string id) =>
        {
            var caller = CallerIdentity.Of(http);
            return Reply.Wrapped("pool", await JsonAsync(lbaas, caller, await lbaas.GetPoolAsync(caller, id, http.RequestAborted), http.RequestAborted));
        });
        pools.MapPost("", async (HttpContext http, ILoadBalancerService lbaas) =>
        {
            var caller = CallerIdentity.Of(http);
            var body = await RequestBody.ReadAsync(http, "pool");
            var request = new PoolCreateRequest
            {
                LoadBalancerId = body.String("loadbalancer_id"),
                ListenerId = body.String("listener_id"),
                Name = body.String("name"),
                Protocol = body.String("protocol") ?? throw HttpStatusException.BadRequest("Validation failure: protocol is required."),
                LbAlgorithm = body.String("lb_algorithm"),
                AdminStateUp = body.Bool("admin_state_up"),
            };
            LoadBalancerEndpoints.RejectDescription(body);
            body.RejectUnknown(s_tolerated);
            var pool = await lbaas.CreatePoolAsync(caller, request, http.RequestAborted);
            return Reply.Wrapped("pool", await JsonAsync(lbaas, caller, pool, http.RequestAborted), StatusCodes.Status201Created);
        });
        pools.MapPut("/{id}", async (HttpContext http, ILoadBalancerService lbaas, string id) =>
        {
            var caller = CallerIdentity.Of(http);
            var body = await RequestBody.ReadAsync(http, "pool");
            var request = new PoolUpdateRequest { Name = body.String("name"), LbAlgorithm = body.String("lb_algorithm"), AdminStateUp = body.Bool("admin_state_up") };
            LoadBalancerEndpoints.RejectDescription(body);
            body.RejectUnknown(s_tolerated);
            var pool = await lbaas.UpdatePoolAsync(caller, id, request, http.RequestAborted);
            return Reply.Wrapped("pool", await JsonAsync(lbaas, caller, pool, http.RequestAborted));
        });
        pools.MapDelete("/{id}", async (HttpContext http, ILoadBalancerService lbaas, string id) =>
        {
            await lbaas.DeletePoolAsync(CallerIdentity.Of(http), id, http.RequestAborted);
            return Reply.NoContent();
        });

        var members = app.MapGroup($"{prefix}/pools/{{poolId}}/members");
        members.MapGet("", async (HttpContext http, ILoadBalancerService lbaas, string poolId) =>
        {
            var query = ListQuery.ParseHostSide(http.Request);
            var list = await lbaas.ListMembersAsync(CallerIdentity.Of(http), poolId, http.RequestAborted);
            return query.Respond("members", "Member", list.Select(OctaviaJson.Member));
        });
        members.MapGet("/{id}", async (HttpContext http, ILoadBalancerService lbaas, string poolId, string id) =>
            Reply.Wrapped("member", OctaviaJson.Member(await MemberOfAsync(lbaas, CallerIdentity.Of(http), poolId, id, http.RequestAborted))));
        members.MapPost("", async (HttpContext http, ILoadBalancerService lbaas, string poolId) =>
        {
            var body = await RequestBody.ReadAsync(http, "member");
            var request = new MemberCreateRequest
            {
                PoolId = poolId,
                Address = body.String("address") ?? throw HttpStatusException.BadRequest("Validation failure: address is required."),
                ProtocolPort = (int)(body.Integer("protocol_port") ?? throw HttpStatusException.BadRequest("Validation failure: protocol_port is required.")),
                SubnetId = body.String("subnet_id"),
                Weight = (int?)body.Integer("weight"),
                AdminStateUp = body.Bool("admin_state_up"),
            };
            body.RejectUnknown("tags", "name", "monitor_address", "monitor_port", "backup");
            var member = await lbaas.CreateMemberAsync(CallerIdentity.Of(http), request, http.RequestAborted);
            return Reply.Wrapped("member", OctaviaJson.Member(member), StatusCodes.Status201Created);
        });
        members.MapPut("/{id}", async (HttpContext http, ILoadBalancerService lbaas, string poolId, string id) =>
        {
            var caller = CallerIdentity.Of(http);
            await MemberOfAsync(lbaas, caller, poolId, id, http.RequestAborted);
            var body = await RequestBody.ReadAsync(http, "member");
            var request = new MemberUpdateRequest { Weight = (int?)body.Integer("weight"), AdminStateUp = body.Bool("admin_state_up") };
            body.RejectUnknown("tags", "name", "monitor_address", "monitor_port", "backup");
            return Reply.Wrapped("member", OctaviaJson.Member(await lbaas.UpdateMemberAsync(caller, id, request, http.RequestAborted)));
        });
        members.MapDelete("/{id}", async (HttpContext http, ILoadBalancerService lbaas, string poolId, string id) =>
        {
            var caller = CallerIdentity.Of(http);
            await MemberOfAsync(lbaas, caller, poolId, id, http.RequestAborted);
            await lbaas.DeleteMemberAsync(caller, id, http.RequestAborted);
            return Reply.NoContent();
        });
    }

    private static async Task<Member> MemberOfAsync(ILoadBalancerService lbaas, CallerContext caller, string poolId, string id, CancellationToken cancellationToken)
    {
        var member = await lbaas.GetMemberAsync(caller, id, cancellationToken);
        return member.PoolId == poolId
            ? member
            : throw new HttpStatusException(StatusCodes.Status404NotFound, "NotFound", $"Member {id} not found in pool {poolId}.");
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> JsonAsync(ILoadBalancerService lbaas, CallerContext caller, LoadBalancerPool pool, CancellationToken cancellationToken)
    {
        var members = await lbaas.ListMembersAsync(caller, pool.Id, cancellationToken);
        var monitors = await lbaas.ListHealthMonitorsAsync(caller, pool.Id, cancellationToken);
        return OctaviaJson.Pool(pool, members.Select(m => m.Id), monitors.Count > 0 ? monitors[0].Id : null);
    }
}
