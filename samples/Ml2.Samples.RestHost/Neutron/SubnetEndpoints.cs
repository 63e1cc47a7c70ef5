using Ml2.Samples.RestHost.Hosting;
using System.Text.Json;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Samples.RestHost.Drivers;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Json;
using Ml2.Samples.RestHost.Neutron.Attributes;

namespace Ml2.Samples.RestHost.Neutron;

/// <summary><c>/v2.0/subnets</c>.</summary>
internal static class SubnetEndpoints
{
    public static void MapSubnetEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCrud("/v2.0/subnets", ListAsync, GetAsync, CreateAsync, UpdateAsync, DeleteAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IMl2Plugin ml2)
    {
        var query = ListQuery.Parse(http.Request, ResourceAttributes.Subnet);
        var subnets = await ml2.ListSubnetsAsync(CallerIdentity.Of(http), query.Filter, http.RequestAborted);
        return query.Respond("subnets", "Subnet", subnets.Select(NeutronJson.Subnet));
    }

    private static async Task<IResult> GetAsync(HttpContext http, IMl2Plugin ml2, string id)
    {
        var subnet = await ml2.GetSubnetAsync(CallerIdentity.Of(http), id, http.RequestAborted);
        return Reply.Wrapped("subnet", ListQuery.Parse(http.Request, ResourceAttributes.Subnet).Project(NeutronJson.Subnet(subnet)));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IMl2Plugin ml2)
    {
        var body = await RequestBody.ReadAsync(http, ResourceAttributes.Subnet);
        var noGateway = body.Raw("gateway_ip") is { ValueKind: JsonValueKind.Null };
        var request = new SubnetCreateRequest
        {
            NetworkId = body.String("network_id")!,
            Cidr = body.String("cidr") ?? throw HttpStatusException.BadRequest("Failed to parse request. Required attribute 'cidr' not specified (subnet pools are not supported)"),
            IpVersion = (int?)body.Integer("ip_version"),
            TenantId = body.String("project_id") ?? body.String("tenant_id"),
            Name = body.String("name"),
            GatewayIp = noGateway ? null : body.String("gateway_ip"),
            NoGateway = noGateway,
            AllocationPools = Pools(body),
            EnableDhcp = body.Bool("enable_dhcp"),
            ExtensionAttributes = NetworkEndpoints.Extensions(body, StandardAttributesExtensionDriver.DnsNameservers, StandardAttributesExtensionDriver.HostRoutes),
        };
        RequireNull(body, "subnetpool_id", "ipv6_ra_mode", "ipv6_address_mode", "segment_id", "prefixlen");
        RequireEmpty(body, "service_types");
        var subnet = await ml2.CreateSubnetAsync(CallerIdentity.Of(http), request, http.RequestAborted);
        return Reply.Wrapped("subnet", NeutronJson.Subnet(subnet), StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, IMl2Plugin ml2, string id)
    {
        var body = await RequestBody.ReadAsync(http, ResourceAttributes.Subnet);
        var request = new SubnetUpdateRequest
        {
            Name = body.String("name"),
            GatewayIp = body.String("gateway_ip"),
            EnableDhcp = body.Bool("enable_dhcp"),
            ExtensionAttributes = NetworkEndpoints.Extensions(body, StandardAttributesExtensionDriver.DnsNameservers, StandardAttributesExtensionDriver.HostRoutes),
        };
        var subnet = await ml2.UpdateSubnetAsync(CallerIdentity.Of(http), id, request, http.RequestAborted);
        return Reply.Wrapped("subnet", NeutronJson.Subnet(subnet));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, IMl2Plugin ml2, string id)
    {
        await RequestBody.RejectInDeleteAsync(http);
        await ml2.DeleteSubnetAsync(CallerIdentity.Of(http), id, http.RequestAborted);
        return Reply.NoContent();
    }

    private static List<AllocationPool>? Pools(RequestBody body)
    {
        var list = body.List("allocation_pools");
        return list?.Select(p => p.ValueKind == JsonValueKind.Object
                                 && p.TryGetProperty("start", out var s) && s.ValueKind == JsonValueKind.String
                                 && p.TryGetProperty("end", out var e) && e.ValueKind == JsonValueKind.String
                ? new AllocationPool(s.GetString()!, e.GetString()!)
                : throw RequestBody.Invalid("allocation_pools", p, $"'{p.GetRawText()}' is not a valid allocation pool"))
            .ToList();
    }

    private static void RequireNull(RequestBody body, params string[] names)
    {
        foreach (var name in names)
        {
            if (body.Raw(name) is { ValueKind: not JsonValueKind.Null } value)
            {
                throw RequestBody.Invalid(name, value, $"{name} is not supported by this server");
            }
        }
    }

    private static void RequireEmpty(RequestBody body, string name)
    {
        if (body.List(name) is { Count: > 0 })
        {
            throw HttpStatusException.BadRequest($"{name} is not supported by this server");
        }
    }
}
