using System.Text.Json.Nodes;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Json;

namespace Ml2.Samples.RestHost.Neutron;

/// <summary>
/// <c>/v2.0/segments[/{id}]</c>, read-only: every segment of every network (static and dynamic), in Neutron's segment
/// shape. Admin only, as Neutron's policy (<c>get_segment: rule:admin_only</c>): a list by anyone else is empty and a
/// show is 404 <c>SegmentNotFound</c>, so a segment's existence is not revealed.
/// </summary>
internal static class SegmentEndpoints
{
    public static void MapSegmentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2.0/segments", async (HttpContext http, IMl2Plugin ml2) =>
        {
            var caller = CallerIdentity.Of(http);
            var query = ListQuery.ParseHostSide(http.Request);
            var segments = caller.IsAdmin ? await AllAsync(ml2, caller, http.RequestAborted) : [];
            return query.Respond("segments", "Segment", segments.Select(Segment));
        });
        app.MapGet("/v2.0/segments/{id}", async (HttpContext http, IMl2Plugin ml2, string id) =>
        {
            var caller = CallerIdentity.Of(http);
            var found = caller.IsAdmin ? (await AllAsync(ml2, caller, http.RequestAborted)).FirstOrDefault(s => s.Id == id) : null;
            return found is null
                ? throw new HttpStatusException(StatusCodes.Status404NotFound, "SegmentNotFound", $"Segment {id} could not be found.")
                : Reply.Wrapped("segment", ListQuery.Parse(http.Request).Project(Segment(found)));
        });
    }

    private static async Task<List<NetworkSegment>> AllAsync(IMl2Plugin ml2, CallerContext caller, CancellationToken cancellationToken)
    {
        var networks = await ml2.ListNetworksAsync(caller, null, cancellationToken);
        return [.. networks.SelectMany(n => n.Segments.OrderBy(s => s.SegmentIndex))];
    }

    private static JsonObject Segment(NetworkSegment segment) => new()
    {
        ["id"] = segment.Id,
        ["network_id"] = segment.NetworkId,
        ["name"] = null,
        ["description"] = "",
        ["physical_network"] = segment.PhysicalNetwork,
        ["network_type"] = segment.NetworkType,
        ["segmentation_id"] = segment.SegmentationId,
        ["hosts"] = new JsonArray(),
        ["segment_index"] = segment.SegmentIndex,
    };
}
