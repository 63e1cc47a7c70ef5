using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ml2.Health;
using Ml2.Samples.RestHost.Json;

namespace Ml2.Samples.RestHost.Hosting;

/// <summary>
/// <c>GET /healthz</c> (liveness: only checks tagged <c>live</c>, none of the SDK's, so 200 while the process serves)
/// and <c>GET /readyz</c> (readiness: every check tagged <c>ready</c>, the ML2 and LBaaS checks; 503 when one fails,
/// 200 when all are Healthy or Degraded). Both answer JSON: the overall status, and per check its status, description,
/// duration, tags and data.
/// </summary>
internal static class HealthEndpoints
{
    public const string LivenessPath = "/healthz";

    public const string ReadinessPath = "/readyz";

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(Ml2HealthChecks.LiveTag),
            ResponseWriter = WriteAsync,
        });
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(Ml2HealthChecks.ReadyTag),
            ResponseWriter = WriteAsync,
        });
    }

    /// <summary>The report as JSON; exceptions are summarised in the descriptions, never written with their stack.</summary>
    internal static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var checks = new JsonObject();
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var data = new JsonObject();
            foreach (var (key, value) in entry.Data)
            {
                data[key] = ToJson(value);
            }

            checks[name] = new JsonObject
            {
                ["status"] = entry.Status.ToString(),
                ["description"] = entry.Description,
                ["duration_ms"] = Math.Round(entry.Duration.TotalMilliseconds, 3),
                ["tags"] = new JsonArray([.. entry.Tags.Select(t => (JsonNode?)t)]),
                ["data"] = data,
            };
        }

        var body = new JsonObject
        {
            ["status"] = report.Status.ToString(),
            ["total_duration_ms"] = Math.Round(report.TotalDuration.TotalMilliseconds, 3),
            ["checks"] = checks,
        };
        return Reply.WriteAsync(context, context.Response.StatusCode, body);
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        int i => i,
        long l => l,
        double d => d,
        IEnumerable<string> strings => new JsonArray([.. strings.Select(s => (JsonNode?)s)]),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
