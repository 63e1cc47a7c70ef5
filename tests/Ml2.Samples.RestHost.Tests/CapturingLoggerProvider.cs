using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ml2.Samples.RestHost.Tests;

/// <summary>Keeps every log entry the host writes, with the properties of its scopes and of its state.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    /// <summary>The first entry matching <paramref name="match"/>, waiting (at most 10 s) for it to be written.</summary>
    public async Task<Entry> WaitForAsync(Func<Entry, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var added = Volatile.Read(ref _added).Task;
            if (Entries.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await added.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No such log entry in 10 s; written: {string.Join(" | ", Entries.Select(e => e.Message))}");
            }
        }
    }

    private void Add(Entry entry)
    {
        Entries.Enqueue(entry);
        Interlocked.Exchange(ref _added, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    internal sealed record Entry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> State, IReadOnlyList<KeyValuePair<string, object?>> Scopes);

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<KeyValuePair<string, object?>>();
            owner._scopes.ForEachScope(static (scope, into) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> properties)
                {
                    into.AddRange(properties);
                }
            }, scopes);
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                : new Dictionary<string, object?>(StringComparer.Ordinal);
            owner.Add(new Entry(category, logLevel, formatter(state, exception), properties, scopes));
        }
    }
}
