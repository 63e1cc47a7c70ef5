using System.Globalization;
using System.Text.Json;
using Ml2.Exceptions;
using Ml2.Samples.RestHost.Errors;

namespace Ml2.Samples.RestHost.Json;

/// <summary>
/// A request body <c>{"&lt;resource&gt;": {...}}</c> with typed readers. Every attribute read is marked; the rest
/// must be in the tolerated list (accepted and ignored) or the request is refused as Neutron does
/// (<c>Unrecognized attribute(s)</c>, 400).
/// </summary>
internal sealed class RequestBody
{
    private readonly JsonElement _body;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private RequestBody(string resource, JsonElement body)
    {
        Resource = resource;
        _body = body;
    }

    public string Resource { get; }

    public static async Task<RequestBody> ReadAsync(HttpContext http, string resource)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
        }
        catch (JsonException)
        {
            throw HttpStatusException.BadRequest("Malformed request body");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty(resource, out var inner))
            {
                throw HttpStatusException.BadRequest($"Unable to find '{resource}' in request body");
            }

            if (inner.ValueKind != JsonValueKind.Object)
            {
                throw HttpStatusException.BadRequest($"Invalid format for '{resource}': an object is required");
            }

            return new RequestBody(resource, inner.Clone());
        }
    }

    public bool Has(string name) => _body.TryGetProperty(name, out _);

    public JsonElement? Raw(string name)
    {
        _read.Add(name);
        return _body.TryGetProperty(name, out var value) ? value : null;
    }

    public string? String(string name)
    {
        var value = Raw(name);
        return value switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } v => v.GetString(),
            { ValueKind: JsonValueKind.Null } => null,
            { } v => throw Invalid(name, v, $"'{v.GetRawText()}' is not a valid string"),
        };
    }

    public bool? Bool(string name)
    {
        var value = Raw(name);
        return value switch
        {
            null => null,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            { ValueKind: JsonValueKind.String } v when bool.TryParse(v.GetString(), out var b) => b,
            { } v => throw Invalid(name, v, $"'{v.GetRawText()}' is not a valid boolean value"),
        };
    }

    /// <summary>An integer, also given as a JSON string (the CLI sends <c>"provider:segmentation_id": "100"</c>).</summary>
    public long? Integer(string name)
    {
        var value = Raw(name);
        return value switch
        {
            null => null,
            { ValueKind: JsonValueKind.Null } => null,
            { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var n) => n,
            { ValueKind: JsonValueKind.String } v when long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            { } v => throw Invalid(name, v, $"'{v.GetRawText()}' is not an integer"),
        };
    }

    public IReadOnlyList<JsonElement>? List(string name)
    {
        var value = Raw(name);
        return value switch
        {
            null => null,
            { ValueKind: JsonValueKind.Null } => null,
            { ValueKind: JsonValueKind.Array } v => [.. v.EnumerateArray()],
            { } v => throw Invalid(name, v, $"'{v.GetRawText()}' is not a list"),
        };
    }

    public IReadOnlyDictionary<string, JsonElement>? Object(string name)
    {
        var value = Raw(name);
        return value switch
        {
            null => null,
            { ValueKind: JsonValueKind.Null } => new Dictionary<string, JsonElement>(),
            { ValueKind: JsonValueKind.Object } v => v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal),
            { } v => throw Invalid(name, v, $"'{v.GetRawText()}' is not a dictionary"),
        };
    }

    /// <summary>Refuses attributes neither read nor tolerated.</summary>
    /// <param name="tolerated">Attributes accepted and ignored (Neutron extensions this host does not implement).</param>
    public void RejectUnknown(params string[] tolerated)
    {
        var unknown = _body.EnumerateObject().Select(p => p.Name)
            .Where(n => !_read.Contains(n) && !tolerated.Contains(n, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
        {
            throw HttpStatusException.BadRequest($"Unrecognized attribute(s) '{string.Join(", ", unknown)}'");
        }
    }

    public static InvalidInputException Invalid(string name, JsonElement value, string detail) =>
        new(name, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(), detail);
}
