using Microsoft.Extensions.Logging;

namespace Ml2.Storage.LoadDriver;

/// <summary>
/// Writes warnings and errors of the SDK to standard error as <c>LOG &lt;level&gt; &lt;category&gt;: &lt;message&gt;</c>
/// lines, so a failed durability test shows what the controllers logged (the SDK logs, rather than throws, failures
/// of its after-commit clean-up such as unwiring a deleted load balancer).
/// </summary>
internal sealed class StandardErrorLoggerProvider(TextWriter error) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(error, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TextWriter error, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var reason = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})";
            error.WriteLine($"LOG {logLevel} {category}: {formatter(state, exception)}{reason}");
        }
    }
}
