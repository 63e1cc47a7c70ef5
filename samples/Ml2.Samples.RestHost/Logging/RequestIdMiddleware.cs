using Ml2.Samples.RestHost.Identity;

namespace Ml2.Samples.RestHost.Logging;

/// <summary>
/// Gives every request a Neutron-style id, <c>req-&lt;uuid&gt;</c> (oslo.middleware's <c>request_id</c>): sent back in
/// <c>X-Openstack-Request-Id</c> on every response (errors included), held in <see cref="HttpContext.TraceIdentifier"/>,
/// and carried by every log line written while the request runs (a logging scope with <c>RequestId</c>). When the
/// request ends, one access-log line (category <see cref="AccessLogCategory"/>) gives method, path, status, duration,
/// project and request id.
/// </summary>
internal sealed partial class RequestIdMiddleware(RequestDelegate next, ILoggerFactory loggers, TimeProvider time)
{
    /// <summary>The response header (the name oslo.middleware and keystoneauth use).</summary>
    public const string HeaderName = "X-Openstack-Request-Id";

    /// <summary>The category of the access-log lines.</summary>
    public const string AccessLogCategory = "Ml2.Samples.RestHost.AccessLog";

    private readonly ILogger _accessLog = loggers.CreateLogger(AccessLogCategory);

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = NewRequestId();
        context.TraceIdentifier = requestId;
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[HeaderName] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);

        var started = time.GetTimestamp();
        using (_accessLog.BeginScope(new RequestLogScope(requestId)))
        {
            try
            {
                await next(context);
            }
            finally
            {
                var elapsed = time.GetElapsedTime(started);
                if (_accessLog.IsEnabled(LogLevel.Information))
                {
                    var project = ProjectOf(context);
                    LogRequest(_accessLog, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode,
                        elapsed.TotalMilliseconds, project, requestId);
                }
            }
        }
    }

    /// <summary>A new id: <c>req-</c> and a random UUID, as oslo.context makes them.</summary>
    /// <returns>The id.</returns>
    public static string NewRequestId() => $"req-{Guid.NewGuid():D}";

    private static string ProjectOf(HttpContext context)
    {
        try
        {
            return CallerIdentity.Of(context).TenantId;
        }
        catch (InvalidOperationException)
        {
            return "-";
        }
    }

    [LoggerMessage(EventId = 1, EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Path} status {Status} in {DurationMs:0.0} ms project {ProjectId} {RequestId}")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double durationMs, string projectId, string requestId);
}
