using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Lbaas.Core.Tests.Wiring;

/// <summary>Captures every log entry (event id, level, rendered message, structured values, exception text).</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
{
    public ConcurrentQueue<(EventId EventId, LogLevel Level, string Text)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}"))
            : "";
        Entries.Enqueue((eventId, logLevel, $"{formatter(state, exception)} | {structured} | {exception}"));
    }

    public void Dispose()
    {
    }
}
