using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ml2.Samples.RestHost.Json;

/// <summary>JSON responses with <c>Content-Type: application/json</c> (clients lose error messages without it).</summary>
internal static class Reply
{
    public const string ContentType = "application/json";

    /// <summary>Messages keep their quotes readable (<c>'physnet1'</c>, not <c>\u0027physnet1\u0027</c>), as Neutron writes them.</summary>
    private static readonly JsonSerializerOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Json(JsonNode body, int status = StatusCodes.Status200OK) =>
        Results.Content(body.ToJsonString(s_options), ContentType, Encoding.UTF8, status);

    public static IResult Wrapped(string key, JsonNode body, int status = StatusCodes.Status200OK) =>
        Json(new JsonObject { [key] = body }, status);

    public static IResult NoContent() => Results.StatusCode(StatusCodes.Status204NoContent);

    public static async Task WriteAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        await context.Response.WriteAsync(body.ToJsonString(s_options), Encoding.UTF8, context.RequestAborted);
    }
}
