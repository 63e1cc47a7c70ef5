using System.Globalization;

namespace Ml2.Exceptions;

/// <summary>
/// How user values appear in error messages: as invariant text, cut to <see cref="MaxQuotedLength"/> characters
/// followed by <c>...</c>, so that a 1 MB name never makes a 1 MB message or log line.
/// </summary>
public static class ErrorText
{
    /// <summary>The most characters of one user value an error message quotes.</summary>
    public const int MaxQuotedLength = 256;

    /// <summary>The most characters an SDK error message carries in all.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>The value as invariant text (<c>None</c> for null, as Neutron prints Python's None), cut to <see cref="MaxQuotedLength"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text to quote.</returns>
    public static string Quote(object? value) => Cut(value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "None",
    }, MaxQuotedLength);

    /// <summary>The text cut to <paramref name="max"/> characters followed by <c>...</c> when it is longer.</summary>
    /// <param name="text">The text.</param>
    /// <param name="max">The most characters kept.</param>
    /// <returns>The text, or its cut.</returns>
    public static string Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "...");
    }
}
