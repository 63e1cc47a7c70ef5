using System.Text.Json.Nodes;
using Lbaas.Service;
using Lbaas;
using Ml2.Plugin;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Json;

namespace Ml2.Samples.RestHost.Octavia;

/// <summary>
/// A load balancer's status tree (<c>GET .../loadbalancers/{id}/status</c>: the load balancer, its listeners, their
/// pools, members and health monitor, each with provisioning and operating status). Statistics (<c>/stats</c>) and
/// failover (<c>PUT .../failover</c>) are not in the SDK: for a load balancer that exists they answer 501.
/// </summary>
internal static class LoadBalancerStatusEndpoints
{
    public static void MapLoadBalancerStatusEndpoints(this IEndpointRouteBuilder app, string prefix)
    {
        var group = app.MapGroup($"{prefix}/loadbalancers/{{id}}");
        group.MapGet("/status", async (HttpContext http, ILoadBalancerService lbaas, string id) =>
        {
            var caller = CallerIdentity.Of(http);
            var lb = await lbaas.GetLoadBalancerAsync(caller, id, http.RequestAborted);
            return Reply.Json(new JsonObject { ["statuses"] = new JsonObject { ["loadbalancer"] = await TreeAsync(lbaas, caller, lb, http.RequestAborted) } });
        });
        group.MapGet("/stats", async (HttpContext http, ILoadBalancerService lbaas, string id) =>
        {
            await lbaas.GetLoadBalancerAsync(CallerIdentity.Of(http), id, http.RequestAborted);
            throw NotImplemented("Load balancer statistics are not collected by this server.");
        });
        group.MapPut("/failover", async (HttpContext http, ILoadBalancerService lbaas, string id) =>
        {
            await lbaas.GetLoadBalancerAsync(CallerIdentity.Of(http), id, http.RequestAborted);
            throw NotImplemented("Load balancer failover is not supported by this server.");
        });
    }

    private static HttpStatusException NotImplemented(string message) =>
        new(StatusCodes.Status501NotImplemented, "HTTPNotImplemented", message);

    private static async Task<JsonObject> TreeAsync(ILoadBalancerService lbaas, CallerContext caller, LoadBalancer lb, CancellationToken cancellationToken)
    {
        var pools = await lbaas.ListPoolsAsync(caller, lb.Id, cancellationToken);
        var listeners = new JsonArray();
        foreach (var listener in await lbaas.ListListenersAsync(caller, lb.Id, cancellationToken))
        {
            var listenerPools = new JsonArray();
            foreach (var pool in pools.Where(p => p.ListenerId == listener.Id || p.Id == listener.DefaultPoolId))
            {
                listenerPools.Add(await PoolAsync(lbaas, caller, pool, cancellationToken));
            }

            listeners.Add(new JsonObject
            {
                ["id"] = listener.Id,
                ["name"] = listener.Name,
                ["provisioning_status"] = listener.ProvisioningStatus,
                ["operating_status"] = listener.OperatingStatus,
                ["pools"] = listenerPools,
            });
        }

        return new JsonObject
        {
            ["id"] = lb.Id,
            ["name"] = lb.Name,
            ["provisioning_status"] = lb.ProvisioningStatus,
            ["operating_status"] = lb.OperatingStatus,
            ["listeners"] = listeners,
        };
    }

    private static async Task<JsonObject> PoolAsync(ILoadBalancerService lbaas, CallerContext caller, LoadBalancerPool pool, CancellationToken cancellationToken)
    {
        var members = await lbaas.ListMembersAsync(caller, pool.Id, cancellationToken);
        var json = new JsonObject
        {
            ["id"] = pool.Id,
            ["name"] = pool.Name,
            ["provisioning_status"] = pool.ProvisioningStatus,
            ["operating_status"] = pool.OperatingStatus,
            ["members"] = NeutronJson.Array(members.Select(m => (JsonNode?)new JsonObject
            {
                ["id"] = m.Id,
                ["name"] = "",
                ["address"] = m.Address,
                ["protocol_port"] = m.ProtocolPort,
                ["provisioning_status"] = m.ProvisioningStatus,
                ["operating_status"] = m.OperatingStatus,
            })),
        };
        var monitors = await lbaas.ListHealthMonitorsAsync(caller, pool.Id, cancellationToken);
        if (monitors.Count > 0)
        {
            var monitor = monitors[0];
            json["health_monitor"] = new JsonObject
            {
                ["id"] = monitor.Id,
                ["name"] = "",
                ["type"] = monitor.Type,
                ["provisioning_status"] = monitor.ProvisioningStatus,
                ["operating_status"] = monitor.OperatingStatus,
            };
        }

        return json;
    }
}
