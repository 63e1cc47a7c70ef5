using System.Text.Json.Nodes;
using Lbaas;
using Ml2.Samples.RestHost.Json;

namespace Ml2.Samples.RestHost.Octavia;

/// <summary>Load-balancer objects in Octavia v2's shapes (with <c>provisioning_status</c>/<c>operating_status</c>).</summary>
internal static class OctaviaJson
{
    public static JsonObject LoadBalancer(LoadBalancer lb, string description, IEnumerable<string> listenerIds, IEnumerable<string> poolIds) => new()
    {
        ["id"] = lb.Id,
        ["name"] = lb.Name,
        ["description"] = description,
        ["provisioning_status"] = lb.ProvisioningStatus,
        ["operating_status"] = lb.OperatingStatus,
        ["admin_state_up"] = lb.AdminStateUp,
        ["project_id"] = lb.TenantId,
        ["tenant_id"] = lb.TenantId,
        ["vip_address"] = lb.VipAddress,
        ["vip_port_id"] = lb.VipPortId,
        ["vip_subnet_id"] = lb.VipSubnetId,
        ["vip_network_id"] = lb.VipNetworkId,
        ["vip_qos_policy_id"] = null,
        ["provider"] = lb.Provider,
        ["flavor_id"] = lb.FlavorId,
        ["topology"] = lb.Topology,
        ["availability_zone"] = null,
        ["listeners"] = Ids(listenerIds),
        ["pools"] = Ids(poolIds),
        ["tags"] = new JsonArray(),
        ["created_at"] = NeutronJson.Timestamp(lb.CreatedAt),
        ["updated_at"] = NeutronJson.Timestamp(lb.UpdatedAt),
    };

    public static JsonObject Listener(Listener listener) => new()
    {
        ["id"] = listener.Id,
        ["name"] = listener.Name,
        ["description"] = "",
        ["protocol"] = listener.Protocol,
        ["protocol_port"] = listener.ProtocolPort,
        ["default_pool_id"] = listener.DefaultPoolId,
        ["connection_limit"] = -1,
        ["admin_state_up"] = listener.AdminStateUp,
        ["provisioning_status"] = listener.ProvisioningStatus,
        ["operating_status"] = listener.OperatingStatus,
        ["project_id"] = listener.TenantId,
        ["loadbalancers"] = Ids([listener.LoadBalancerId]),
        ["tags"] = new JsonArray(),
        ["updated_at"] = NeutronJson.Timestamp(listener.UpdatedAt),
    };

    public static JsonObject Pool(LoadBalancerPool pool, IEnumerable<string> memberIds, string? healthMonitorId) => new()
    {
        ["id"] = pool.Id,
        ["name"] = pool.Name,
        ["description"] = "",
        ["protocol"] = pool.Protocol,
        ["lb_algorithm"] = pool.LbAlgorithm,
        ["admin_state_up"] = pool.AdminStateUp,
        ["provisioning_status"] = pool.ProvisioningStatus,
        ["operating_status"] = pool.OperatingStatus,
        ["project_id"] = pool.TenantId,
        ["loadbalancers"] = Ids([pool.LoadBalancerId]),
        ["listeners"] = Ids(pool.ListenerId is null ? [] : [pool.ListenerId]),
        ["members"] = Ids(memberIds),
        ["healthmonitor_id"] = healthMonitorId,
        ["session_persistence"] = null,
        ["tags"] = new JsonArray(),
        ["updated_at"] = NeutronJson.Timestamp(pool.UpdatedAt),
    };

    public static JsonObject Member(Member member) => new()
    {
        ["id"] = member.Id,
        ["name"] = "",
        ["address"] = member.Address,
        ["protocol_port"] = member.ProtocolPort,
        ["subnet_id"] = member.SubnetId,
        ["weight"] = member.Weight,
        ["admin_state_up"] = member.AdminStateUp,
        ["provisioning_status"] = member.ProvisioningStatus,
        ["operating_status"] = member.OperatingStatus,
        ["project_id"] = member.TenantId,
        ["tags"] = new JsonArray(),
        ["updated_at"] = NeutronJson.Timestamp(member.UpdatedAt),
    };

    public static JsonObject HealthMonitor(HealthMonitor monitor) => new()
    {
        ["id"] = monitor.Id,
        ["name"] = "",
        ["type"] = monitor.Type,
        ["delay"] = monitor.Delay,
        ["timeout"] = monitor.Timeout,
        ["max_retries"] = monitor.MaxRetries,
        ["max_retries_down"] = 3,
        ["http_method"] = IsHttp(monitor.Type) ? "GET" : null,
        ["url_path"] = IsHttp(monitor.Type) ? "/" : null,
        ["expected_codes"] = IsHttp(monitor.Type) ? "200" : null,
        ["admin_state_up"] = monitor.AdminStateUp,
        ["provisioning_status"] = monitor.ProvisioningStatus,
        ["operating_status"] = monitor.OperatingStatus,
        ["project_id"] = monitor.TenantId,
        ["pools"] = Ids([monitor.PoolId]),
        ["tags"] = new JsonArray(),
        ["updated_at"] = NeutronJson.Timestamp(monitor.UpdatedAt),
    };

    private static bool IsHttp(string type) => type is "HTTP" or "HTTPS";

    private static JsonArray Ids(IEnumerable<string> ids) => NeutronJson.Array(ids.Select(id => (JsonNode?)new JsonObject { ["id"] = id }));
}
