using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Lbaas.Core.Tests.Infrastructure;

/// <summary>Captures every log line at every level, with its structured state, for assertions.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> _records = new();

    public IReadOnlyList<LogRecord> Records => [.. _records];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public IEnumerable<LogRecord> WithEvent(string eventName) => _records.Where(r => r.EventId.Name == eventName);

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
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            owner._records.Enqueue(new LogRecord(category, logLevel, eventId, formatter(state, exception), [.. values], exception?.ToString()));
        }
    }
}
