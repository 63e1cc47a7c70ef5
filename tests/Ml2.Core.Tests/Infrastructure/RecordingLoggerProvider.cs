using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ml2.Core.Tests.Infrastructure;

/// <summary>Records every log line (category, level, event name, rendered message) of every logger it creates.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string? EventName, string Message)> _lines = new();

    public IReadOnlyList<(string Category, LogLevel Level, string? EventName, string Message)> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue((category, logLevel, eventId.Name, formatter(state, exception)));
    }
}
