using Ml2.Samples.RestHost.Hosting;
using System.Text.Json;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Samples.RestHost.Drivers;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Json;
using Ml2.Samples.RestHost.Neutron.Attributes;

namespace Ml2.Samples.RestHost.Neutron;

/// <summary><c>/v2.0/networks</c>: provider (and multi-provider <c>segments</c>) attributes, net-mtu, vlan-transparent, description.</summary>
internal static class NetworkEndpoints
{
    public static void MapNetworkEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCrud("/v2.0/networks", ListAsync, GetAsync, CreateAsync, UpdateAsync, DeleteAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IMl2Plugin ml2)
    {
        var caller = CallerIdentity.Of(http);
        var query = ListQuery.Parse(http.Request, ResourceAttributes.Network);
        var networks = await ml2.ListNetworksAsync(caller, query.Filter, http.RequestAborted);
        var subnets = await SubnetIdsAsync(ml2, caller, networks.Count == 1 ? networks[0].Id : null, http.RequestAborted);
        return query.Respond("networks", "Network", networks.Select(n => NeutronJson.Network(n, Of(subnets, n.Id), caller.IsAdmin)));
    }

    private static async Task<IResult> GetAsync(HttpContext http, IMl2Plugin ml2, string id)
    {
        var caller = CallerIdentity.Of(http);
        var network = await ml2.GetNetworkAsync(caller, id, http.RequestAborted);
        return await ReplyAsync(http, ml2, caller, network, StatusCodes.Status200OK, ListQuery.Parse(http.Request, ResourceAttributes.Network));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IMl2Plugin ml2)
    {
        var caller = CallerIdentity.Of(http);
        var body = await RequestBody.ReadAsync(http, ResourceAttributes.Network);
        var request = new NetworkCreateRequest
        {
            TenantId = body.String("project_id") ?? body.String("tenant_id"),
            Name = body.String("name"),
            AdminStateUp = body.Bool("admin_state_up"),
            Shared = body.Bool("shared"),
            External = body.Bool("router:external"),
            Mtu = (int?)body.Integer("mtu"),
            VlanTransparent = body.Bool("vlan_transparent"),
            NetworkType = body.String("provider:network_type"),
            PhysicalNetwork = body.String("provider:physical_network"),
            SegmentationId = body.Integer("provider:segmentation_id"),
            Segments = Segments(body),
            ExtensionAttributes = Extensions(body),
        };
        var network = await ml2.CreateNetworkAsync(caller, request, http.RequestAborted);
        return await ReplyAsync(http, ml2, caller, network, StatusCodes.Status201Created, null);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, IMl2Plugin ml2, string id)
    {
        var caller = CallerIdentity.Of(http);
        var body = await RequestBody.ReadAsync(http, ResourceAttributes.Network);
        var request = new NetworkUpdateRequest
        {
            Name = body.String("name"),
            AdminStateUp = body.Bool("admin_state_up"),
            Shared = body.Bool("shared"),
            External = body.Bool("router:external"),
            Mtu = (int?)body.Integer("mtu"),
            NetworkType = body.String("provider:network_type"),
            PhysicalNetwork = body.String("provider:physical_network"),
            SegmentationId = body.Integer("provider:segmentation_id"),
            ExtensionAttributes = Extensions(body),
        };
        var network = await ml2.UpdateNetworkAsync(caller, id, request, http.RequestAborted);
        return await ReplyAsync(http, ml2, caller, network, StatusCodes.Status200OK, null);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, IMl2Plugin ml2, string id)
    {
        await RequestBody.RejectInDeleteAsync(http);
        await ml2.DeleteNetworkAsync(CallerIdentity.Of(http), id, http.RequestAborted);
        return Reply.NoContent();
    }

    private static async Task<IResult> ReplyAsync(HttpContext http, IMl2Plugin ml2, CallerContext caller, Network network, int status, ListQuery? query)
    {
        var subnets = await SubnetIdsAsync(ml2, caller, network.Id, http.RequestAborted);
        var json = NeutronJson.Network(network, Of(subnets, network.Id), caller.IsAdmin);
        return Reply.Wrapped("network", query?.Project(json) ?? json, status);
    }

    private static async Task<ILookup<string, string>> SubnetIdsAsync(IMl2Plugin ml2, CallerContext caller, string? networkId, CancellationToken cancellationToken)
    {
        var filter = networkId is null ? null : ListFilter.Where("network_id", networkId);
        var subnets = await ml2.ListSubnetsAsync(caller, filter, cancellationToken);
        return subnets.ToLookup(s => s.NetworkId, s => s.Id, StringComparer.Ordinal);
    }

    private static string[] Of(ILookup<string, string> subnets, string networkId) => [.. subnets[networkId]];

    private static List<ProviderSegment>? Segments(RequestBody body)
    {
        var list = body.List("segments");
        if (list is null)
        {
            return null;
        }

        var segments = new List<ProviderSegment>();
        foreach (var item in list)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw RequestBody.Invalid("segments", item, $"'{item.GetRawText()}' is not a segment");
            }

            string? Text(string name) => item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            long? segmentationId = item.TryGetProperty("provider:segmentation_id", out var s)
                ? s.ValueKind switch
                {
                    JsonValueKind.Number => s.GetInt64(),
                    JsonValueKind.String when long.TryParse(s.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
                    JsonValueKind.Null => null,
                    _ => throw RequestBody.Invalid("provider:segmentation_id", s, $"'{s.GetRawText()}' is not an integer"),
                }
                : null;
            segments.Add(new ProviderSegment(Text("provider:network_type"), Text("provider:physical_network"), segmentationId));
        }

        return segments;
    }

    internal static Dictionary<string, JsonElement>? Extensions(RequestBody body, params string[] names)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var name in names.Prepend(StandardAttributesExtensionDriver.Description))
        {
            if (body.Raw(name) is { } value)
            {
                result[name] = value.ValueKind == JsonValueKind.Null && name == StandardAttributesExtensionDriver.Description
                    ? JsonSerializer.SerializeToElement("")
                    : value;
            }
        }

        return result.Count == 0 ? null : result;
    }
}
