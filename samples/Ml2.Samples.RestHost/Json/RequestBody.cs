using System.Globalization;
using System.Text.Json;
using Ml2.Exceptions;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Neutron.Attributes;

namespace Ml2.Samples.RestHost.Json;

/// <summary>
/// A request body <c>{"&lt;resource&gt;": {...}}</c> with typed readers. A Neutron body is prepared against its
/// resource's attribute map as Neutron's API layer prepares it (<c>Controller.prepare_request_body</c> and
/// neutron-lib's <c>AttributeInfo</c>), in Neutron's order: the body's shape; <c>tenant_id</c>/<c>project_id</c> made
/// equal and the caller's right to name another project; unknown attributes (<c>Unrecognized attribute(s)</c>); on
/// create the required and the not-allowed attributes, on update the read-only ones; then each attribute's converter
/// (<c>InvalidInput</c>) and validators (<c>HTTPBadRequest</c> "Invalid input for X. Reason: …") in the map's order;
/// the readers then read the converted values. An Octavia body marks every attribute read; the rest must be in the
/// tolerated list (accepted and ignored) or the request is refused (<c>Unrecognized attribute(s)</c>, 400).
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

    /// <summary>Reads and prepares the body of a create (<c>POST</c>) or an update (any other method).</summary>
    /// <param name="http">The request.</param>
    /// <param name="attributes">The resource's attribute map.</param>
    /// <returns>The prepared body.</returns>
    public static async Task<RequestBody> ReadAsync(HttpContext http, ResourceAttributes attributes)
    {
        var resource = attributes.Resource;
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length == 0)
        {
            throw HttpStatusException.BadRequest($"Unable to find '{resource}' in request body");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            throw HttpStatusException.BadRequest("Body contains invalid data");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw HttpStatusException.BadRequest("Body contains invalid data");
            }

            if (!document.RootElement.TryGetProperty(resource, out var inner) || inner.ValueKind == JsonValueKind.Null)
            {
                throw HttpStatusException.BadRequest($"Unable to find '{resource}' in request body");
            }

            if (inner.ValueKind != JsonValueKind.Object)
            {
                throw HttpStatusException.BadRequest($"Object '{resource}' contains invalid data");
            }

            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in inner.EnumerateObject())
            {
                values[property.Name] = property.Value.Clone();
            }

            Prepare(http, attributes, values, HttpMethods.IsPost(http.Request.Method));
            return new RequestBody(resource, JsonSerializer.SerializeToElement(values));
        }
    }

    /// <summary>Neutron refuses a <c>DELETE</c> that carries a body (400 <c>HTTPBadRequest</c>).</summary>
    /// <param name="http">The request.</param>
    /// <returns>A task.</returns>
    public static async Task RejectInDeleteAsync(HttpContext http)
    {
        var first = new byte[1];
        if (await http.Request.Body.ReadAsync(first, http.RequestAborted) > 0)
        {
            throw HttpStatusException.BadRequest("Request body is not supported in DELETE.");
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

    private static void Prepare(HttpContext http, ResourceAttributes attributes, Dictionary<string, JsonElement> values, bool isCreate)
    {
        PopulateProject(http, values, isCreate);

        var unknown = values.Keys.Where(k => attributes.Find(k) is null).ToArray();
        if (unknown.Length > 0)
        {
            throw HttpStatusException.BadRequest($"Unrecognized attribute(s) '{string.Join(", ", unknown)}'");
        }

        foreach (var spec in attributes.Specs)
        {
            var given = values.ContainsKey(spec.Name);
            if (isCreate && spec.AllowPost && spec.Required && !given)
            {
                throw HttpStatusException.BadRequest($"Failed to parse request. Required attribute '{spec.Name}' not specified");
            }

            if (given && (isCreate ? !spec.AllowPost : !spec.AllowPut))
            {
                throw HttpStatusException.BadRequest(isCreate
                    ? $"Attribute '{spec.Name}' not allowed in POST"
                    : $"Cannot update read-only attribute {spec.Name}");
            }
        }

        foreach (var spec in attributes.Specs)
        {
            if (!values.TryGetValue(spec.Name, out var value))
            {
                continue;
            }

            if (spec.Convert is not null)
            {
                value = spec.Convert(value);
                values[spec.Name] = value;
            }

            foreach (var validate in spec.Validate ?? [])
            {
                if (validate(value) is { } reason)
                {
                    throw InvalidInputException.Attribute(spec.Name, PythonText.Str(value), reason);
                }
            }
        }
    }

    /// <summary>
    /// neutron-lib's <c>populate_project_info</c> and <c>_validate_privileges</c>: <c>tenant_id</c> and
    /// <c>project_id</c> are each other's copy and must be equal, and only an admin may name another project; a create
    /// that names none is the caller's project's.
    /// </summary>
    private static void PopulateProject(HttpContext http, Dictionary<string, JsonElement> values, bool isCreate)
    {
        var caller = CallerIdentity.Of(http);
        var hasTenant = values.TryGetValue("tenant_id", out var tenant);
        var hasProject = values.TryGetValue("project_id", out var project);
        if (hasTenant && !hasProject)
        {
            values["project_id"] = project = tenant;
        }
        else if (hasProject && !hasTenant)
        {
            values["tenant_id"] = tenant = project;
        }
        else if (!hasTenant)
        {
            if (isCreate)
            {
                values["project_id"] = values["tenant_id"] = JsonSerializer.SerializeToElement(caller.TenantId);
            }

            return;
        }

        if (!JsonElement.DeepEquals(tenant, project))
        {
            throw HttpStatusException.BadRequest("'project_id' and 'tenant_id' do not match");
        }

        if (!caller.IsAdmin && !(project.ValueKind == JsonValueKind.String && project.GetString() == caller.TenantId))
        {
            throw HttpStatusException.BadRequest(
                "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges");
        }
    }
}
