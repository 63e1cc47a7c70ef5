using Microsoft.Extensions.Logging;

namespace Lbaas.Core.Tests.Infrastructure;

/// <summary>One captured log line: the formatted message, every structured value and the exception text.</summary>
public sealed record LogRecord(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, string? Exception)
{
    /// <summary>Everything a log sink could write for this line.</summary>
    public string FullText => $"{Category} {Level} {EventId} {Message} {string.Join(" ", State.Select(kv => $"{kv.Key}={kv.Value}"))} {Exception}";
}
