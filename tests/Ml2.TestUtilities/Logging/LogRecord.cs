using Microsoft.Extensions.Logging;

namespace Ml2.TestUtilities;

/// <summary>One captured log line: the rendered message, every structured value and the exception.</summary>
public sealed record LogRecord(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyList<KeyValuePair<string, object?>> State, Exception? Exception)
{
    /// <summary>Everything a log sink could write for this line, on one line.</summary>
    public string FullText => $"{Category} {Level} {EventId} {Message} {string.Join(" ", State.Select(kv => $"{kv.Key}={kv.Value}"))} {Exception}";


    /// <summary>Everything the line carries, piece by piece: category, message, every value (and each item of a list value), the exception.</summary>
    public IEnumerable<string> AllText()
    {
        yield return Category;
        yield return Message;
        foreach (var (key, value) in State)
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
