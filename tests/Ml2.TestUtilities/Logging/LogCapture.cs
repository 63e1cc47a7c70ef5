using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ml2.TestUtilities;

/// <summary>
/// Captures every log line at every level, of every logger it creates: category, level, event, rendered message,
/// structured values and exception. Add it with <c>logging.AddProvider(capture)</c>.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> _records = new();

    /// <summary>Every line captured so far, in order.</summary>
    public IReadOnlyList<LogRecord> Records => [.. _records];


    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>The lines of the event named <paramref name="eventName"/>.</summary>
    public IEnumerable<LogRecord> WithEvent(string eventName) => Records.Where(r => r.EventId.Name == eventName);

    /// <summary>Everything every line carries, as text (see <see cref="LogRecord.AllText"/>): for "no secret anywhere" checks.</summary>
    public IEnumerable<string> AllText() => Records.SelectMany(r => r.AllText());

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            owner._records.Enqueue(new LogRecord(category, logLevel, eventId, formatter(state, exception), [.. values], exception));
        }
    }
}
