namespace Ml2.Samples.RestHost.Logging;

/// <summary>
/// The console log format (configuration key <c>log_format</c>, command line <c>--log-format</c>): <c>text</c> (the
/// default: one line per entry, UTC timestamp, the request id scope) or <c>json</c> (one JSON object per line, with
/// <c>Timestamp</c>, <c>EventId</c>, <c>LogLevel</c>, <c>Category</c>, <c>Message</c>, <c>State</c> and <c>Scopes</c>).
/// </summary>
internal static class LogFormat
{
    /// <summary>The configuration key.</summary>
    public const string Key = "log_format";

    private const string Timestamp = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    /// <summary>Replaces the host's logging providers by the console in the configured format.</summary>
    /// <param name="logging">The host's logging builder.</param>
    /// <param name="configuration">The configuration.</param>
    /// <exception cref="InvalidOperationException">The format is neither <c>text</c> nor <c>json</c>.</exception>
    public static void Configure(ILoggingBuilder logging, IConfiguration configuration)
    {
        var format = configuration[Key] is { Length: > 0 } configured ? configured.Trim() : "text";
        if (string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            logging.ClearProviders();
            logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = Timestamp.TrimEnd();
            });
        }
        else if (string.Equals(format, "text", StringComparison.OrdinalIgnoreCase))
        {
            logging.ClearProviders();
            logging.AddSimpleConsole(options =>
            {
                options.IncludeScopes = true;
                options.SingleLine = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = Timestamp;
            });
        }
        else
        {
            throw new InvalidOperationException($"{Key} '{format}' is not supported: use 'text' or 'json'.");
        }
    }
}
