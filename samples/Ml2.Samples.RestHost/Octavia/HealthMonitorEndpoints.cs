using Lbaas.Service;
using Ml2.Samples.RestHost.Errors;
using Ml2.Samples.RestHost.Identity;
using Ml2.Samples.RestHost.Json;
using Ml2.Samples.RestHost.Neutron;

namespace Ml2.Samples.RestHost.Octavia;

/// <summary>
/// Octavia v2 health monitors (<c>{prefix}/healthmonitors</c>), one per pool. The SDK keeps type, delay, timeout,
/// max_retries and admin_state_up; the HTTP probe attributes are accepted at Octavia's defaults only (GET, <c>/</c>,
/// <c>200</c>, max_retries_down 3) and a name only empty, so nothing a client sends is silently lost.
/// </summary>
internal static class HealthMonitorEndpoints
{
    private static readonly string[] s_tolerated = ["tags"];

    public static void MapHealthMonitorEndpoints(this IEndpointRouteBuilder app, string prefix)
    {
        var group = app.MapGroup($"{prefix}/healthmonitors");
        group.MapGet("", async (HttpContext http, ILoadBalancerService lbaas) =>
        {
            var query = ListQuery.ParseHostSide(http.Request);
            var monitors = await lbaas.ListHealthMonitorsAsync(CallerIdentity.Of(http), null, http.RequestAborted);
            return query.Respond("healthmonitors", "Health Monitor", monitors.Select(OctaviaJson.HealthMonitor));
        });
        group.MapGet("/{id}", async (HttpContext http, ILoadBalancerService lbaas, string id) =>
            Reply.Wrapped("healthmonitor", ListQuery.Parse(http.Request).Project(
                OctaviaJson.HealthMonitor(await lbaas.GetHealthMonitorAsync(CallerIdentity.Of(http), id, http.RequestAborted)))));
        group.MapPost("", async (HttpContext http, ILoadBalancerService lbaas) =>
        {
            var body = await RequestBody.ReadAsync(http, "healthmonitor");
            var request = new HealthMonitorCreateRequest
            {
                PoolId = body.String("pool_id") ?? throw HttpStatusException.BadRequest("Validation failure: pool_id is required."),
                Type = body.String("type") ?? throw HttpStatusException.BadRequest("Validation failure: type is required."),
                Delay = (int?)body.Integer("delay") ?? throw HttpStatusException.BadRequest("Validation failure: delay is required."),
                Timeout = (int?)body.Integer("timeout") ?? throw HttpStatusException.BadRequest("Validation failure: timeout is required."),
                MaxRetries = (int?)body.Integer("max_retries") ?? throw HttpStatusException.BadRequest("Validation failure: max_retries is required."),
                AdminStateUp = body.Bool("admin_state_up"),
            };
            RejectUnsupported(body);
            var monitor = await lbaas.CreateHealthMonitorAsync(CallerIdentity.Of(http), request, http.RequestAborted);
            return Reply.Wrapped("healthmonitor", OctaviaJson.HealthMonitor(monitor), StatusCodes.Status201Created);
        });
        group.MapPut("/{id}", async (HttpContext http, ILoadBalancerService lbaas, string id) =>
        {
            var body = await RequestBody.ReadAsync(http, "healthmonitor");
            var request = new HealthMonitorUpdateRequest
            {
                Delay = (int?)body.Integer("delay"),
                Timeout = (int?)body.Integer("timeout"),
                MaxRetries = (int?)body.Integer("max_retries"),
                AdminStateUp = body.Bool("admin_state_up"),
            };
            RejectUnsupported(body);
            var monitor = await lbaas.UpdateHealthMonitorAsync(CallerIdentity.Of(http), id, request, http.RequestAborted);
            return Reply.Wrapped("healthmonitor", OctaviaJson.HealthMonitor(monitor));
        });
        group.MapDelete("/{id}", async (HttpContext http, ILoadBalancerService lbaas, string id) =>
        {
            await lbaas.DeleteHealthMonitorAsync(CallerIdentity.Of(http), id, http.RequestAborted);
            return Reply.NoContent();
        });
    }

    /// <summary>Attributes the SDK does not keep: accepted at Octavia's default value only, then the unknown ones refused.</summary>
    private static void RejectUnsupported(RequestBody body)
    {
        OnlyDefault(body, "name", "");
        OnlyDefault(body, "http_method", "GET");
        OnlyDefault(body, "url_path", "/");
        OnlyDefault(body, "expected_codes", "200");
        if (body.Integer("max_retries_down") is { } down && down != 3)
        {
            throw HttpStatusException.BadRequest("Validation failure: max_retries_down other than 3 is not supported by this server.");
        }

        body.RejectUnknown([.. s_tolerated, "name", "http_method", "url_path", "expected_codes", "max_retries_down"]);
    }

    private static void OnlyDefault(RequestBody body, string name, string value)
    {
        if (body.String(name) is { } given && !string.Equals(given, value, StringComparison.Ordinal) && !(name == "name" && given.Length == 0))
        {
            throw HttpStatusException.BadRequest(value.Length == 0
                ? $"Validation failure: {name} is not supported by this server."
                : $"Validation failure: {name} other than '{value}' is not supported by this server.");
        }
    }
}
