using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Lbaas.Core.Tests.Placement.Support;

/// <summary>Captures every log entry at every level: the formatted message, the structured values and the exception.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    /// <summary>Everything an entry carries, as text: category, message, every structured value, the exception.</summary>
    public IEnumerable<string> AllText() => Entries.SelectMany(e => e.AllText());

    public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> Values, Exception? Exception)
    {
        public IEnumerable<string> AllText()
        {
            yield return Category;
            yield return Message;
            foreach (var (key, value) in Values)
            {
                yield return $"{key}={value}";
                if (value is System.Collections.IEnumerable items and not string)
                {
                    foreach (var item in items)
                    {
                        yield return item?.ToString() ?? "";
                    }
                }
            }

            if (Exception is not null)
            {
                yield return Exception.ToString();
            }
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), [.. values], exception));
        }
    }
}
