using System.Text.Json.Nodes;
using Ml2.Samples.RestHost.Json;

namespace Ml2.Samples.RestHost.Errors;

/// <summary>
/// Turns every exception into Neutron's error body <c>{"NeutronError": {"type", "message", "detail"}}</c>, or on the
/// Octavia paths (<c>/v2.0/lbaas</c>, <c>/v2/lbaas</c>) Octavia's <c>{"faultcode", "faultstring", "debuginfo"}</c>;
/// always with <c>Content-Type: application/json</c>.
/// </summary>
internal sealed partial class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var (status, type, message) = ErrorMapping.Map(exception);
            if (status >= 500 && exception is not HttpStatusException)
            {
                LogServerError(logger, exception, context.Request.Method, context.Request.Path);
            }

            var octavia = context.Request.Path.StartsWithSegments("/v2.0/lbaas", StringComparison.Ordinal)
                          || context.Request.Path.StartsWithSegments("/v2/lbaas", StringComparison.Ordinal);
            JsonObject body = octavia
                ? new JsonObject { ["faultcode"] = status >= 500 ? "Server" : "Client", ["faultstring"] = message, ["debuginfo"] = null }
                : new JsonObject { ["NeutronError"] = new JsonObject { ["type"] = type, ["message"] = message, ["detail"] = "" } };
            context.Response.Clear();
            await Reply.WriteAsync(context, status, body);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogServerError(ILogger logger, Exception exception, string method, string path);
}
