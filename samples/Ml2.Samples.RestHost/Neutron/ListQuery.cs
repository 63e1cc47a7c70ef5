using System.Globalization;
using System.Text.Json.Nodes;
using Ml2.Exceptions;
using Ml2.Plugin;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Json;
using Ml2.Samples.RestHost.Neutron.Attributes;

namespace Ml2.Samples.RestHost.Neutron;

/// <summary>
/// A list request's query: equality filters (repeated keys = OR, attributes = AND), <c>fields=</c> (repeated) to
/// select attributes, <c>limit</c>/<c>marker</c> paging with a <c>{collection}_links</c> next link on a full page and
/// an empty page after the end. On a Neutron resource the filters are checked as Neutron's <c>get_filters</c> checks
/// them (<c>filter_validation</c> is on by default): every key that is not an <c>is_filter</c> attribute is named in
/// one 400 <c>HTTPBadRequest</c> "['a', 'b'] is invalid attribute for filtering", and the values go through the
/// attribute's converter (a bad one is <c>InvalidInput</c>, before the unknown keys are reported). Attributes the SDK
/// does not hold (<see cref="AttributeSpec.FilterOnHost"/>, or <see cref="HostSideAttributes"/> without an attribute map)
/// are filtered here, on the Neutron dictionaries.
/// </summary>
internal sealed class ListQuery
{
    public static readonly IReadOnlySet<string> HostSideAttributes = new HashSet<string>(StringComparer.Ordinal) { "description" };

    private static readonly HashSet<string> s_reserved = new(StringComparer.Ordinal)
    {
        "fields", "limit", "marker", "page_reverse", "sort_key", "sort_dir",
    };

    private readonly Dictionary<string, string[]> _hostFilters = new(StringComparer.Ordinal);

    private readonly bool _allHostSide;

    private ListQuery(HttpRequest request, bool allHostSide, ResourceAttributes? attributes)
    {
        Request = request;
        _allHostSide = allHostSide;
        var invalid = new List<string>();
        foreach (var (key, values) in request.Query)
        {
            if (s_reserved.Contains(key))
            {
                continue;
            }

            IReadOnlyList<string> accepted = [.. values.Select(v => v ?? "")];
            if (attributes is not null)
            {
                if (attributes.Find(key) is not { IsFilter: true } filter)
                {
                    invalid.Add(key);
                    continue;
                }

                accepted = filter.FilterConvert?.Invoke(accepted) ?? accepted;
                if (accepted.Count == 0)
                {
                    continue;
                }
            }

            if (allHostSide || (attributes?.Find(key)?.FilterOnHost ?? HostSideAttributes.Contains(key)))
            {
                _hostFilters[key] = [.. accepted];
            }
            else
            {
                Filter.And(key, [.. accepted]);
            }
        }

        if (invalid.Count > 0)
        {
            throw HttpStatusException.BadRequest(
                $"[{string.Join(", ", invalid.Select(PythonText.Repr))}] is invalid attribute for filtering");
        }

        var fields = request.Query["fields"].Where(f => !string.IsNullOrEmpty(f)).Select(f => f!).ToArray();
        Fields = fields.Length > 0 ? new HashSet<string>(fields, StringComparer.Ordinal) : null;
        if (request.Query["limit"].FirstOrDefault() is { Length: > 0 } limit)
        {
            if (!int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0)
            {
                // neutron-lib's BadRequest(resource='limit'), as api_common._get_limit_param raises it
                throw new HttpStatusException(StatusCodes.Status400BadRequest, "BadRequest",
                    $"Bad limit request: Limit must be an integer 0 or greater and not '{ErrorText.Quote(limit)}'.");
            }

            Limit = n == 0 ? null : n;
        }

        Marker = request.Query["marker"].FirstOrDefault() is { Length: > 0 } marker ? marker : null;
    }

    public HttpRequest Request { get; }

    /// <summary>The filter for the SDK.</summary>
    public ListFilter Filter { get; } = new();

    public IReadOnlySet<string>? Fields { get; }

    public int? Limit { get; }

    public string? Marker { get; }

    public static ListQuery Parse(HttpRequest request) => new(request, allHostSide: false, attributes: null);

    /// <summary>A query on a Neutron resource: its filters are checked and converted against the resource's attribute map.</summary>
    /// <param name="request">The request.</param>
    /// <param name="attributes">The resource's attribute map.</param>
    /// <returns>The query.</returns>
    public static ListQuery Parse(HttpRequest request, ResourceAttributes attributes) => new(request, allHostSide: false, attributes);

    /// <summary>A query whose filters all apply to the response dictionaries (Octavia resources); an attribute they lack is 400.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The query.</returns>
    public static ListQuery ParseHostSide(HttpRequest request) => new(request, allHostSide: true, attributes: null);

    /// <summary>Filters (host side), pages and projects the items, and wraps them as <c>{"collection": [...]}</c>.</summary>
    /// <param name="collection">The collection name, e.g. <c>networks</c>.</param>
    /// <param name="resource">The resource name for a missing marker, e.g. <c>Network</c>.</param>
    /// <param name="items">Every visible item matching the SDK filter, in order.</param>
    /// <returns>The response.</returns>
    public IResult Respond(string collection, string resource, IEnumerable<JsonObject> items)
    {
        var all = items.ToList();
        if (_allHostSide && all.Count > 0 && _hostFilters.Keys.FirstOrDefault(k => !all[0].ContainsKey(k)) is { } unknown)
        {
            throw HttpStatusException.BadRequest($"Invalid filter argument: {unknown}");
        }

        var list = all.Where(MatchesHostFilters).ToList();
        var start = 0;
        if (Marker is not null)
        {
            var index = list.FindIndex(o => (string?)o["id"] == Marker);
            if (index < 0)
            {
                // Neutron looks the marker up as the resource itself (plugin._get_network): NetworkNotFound
                throw new HttpStatusException(StatusCodes.Status404NotFound, $"{resource.Replace(" ", "", StringComparison.Ordinal)}NotFound",
                    $"{resource} {ErrorText.Quote(Marker)} could not be found.");
            }

            start = index + 1;
        }

        var page = list.Skip(start).Take(Limit ?? int.MaxValue).ToList();
        var body = new JsonObject { [collection] = NeutronJson.Array(page.Select(o => (JsonNode?)Project(o))) };
        if (Limit is { } limit && page.Count == limit)
        {
            var query = Request.Query
                .Where(p => p.Key is not ("limit" or "marker"))
                .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"))
                .Prepend($"marker={Uri.EscapeDataString((string)page[^1]["id"]!)}")
                .Prepend($"limit={limit.ToString(CultureInfo.InvariantCulture)}");
            var href = $"{Request.Scheme}://{Request.Host}{Request.PathBase}{Request.Path}?{string.Join('&', query)}";
            body[$"{collection}_links"] = new JsonArray(new JsonObject { ["rel"] = "next", ["href"] = href });
        }

        return Reply.Json(body);
    }

    /// <summary>Projects one resource on <c>fields=</c> (a show request honours it too).</summary>
    /// <param name="item">The resource.</param>
    /// <returns>The resource or the selected attributes.</returns>
    public JsonObject Project(JsonObject item)
    {
        if (Fields is null)
        {
            return item;
        }

        var selected = new JsonObject();
        foreach (var (key, value) in item)
        {
            if (Fields.Contains(key))
            {
                selected[key] = value?.DeepClone();
            }
        }

        return selected;
    }

    private bool MatchesHostFilters(JsonObject item) =>
        _hostFilters.All(f => item[f.Key] is JsonValue v && f.Value.Contains(Text(v), StringComparer.OrdinalIgnoreCase));

    private static string Text(JsonValue value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
        System.Text.Json.JsonValueKind.True => "true",
        System.Text.Json.JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };
}
