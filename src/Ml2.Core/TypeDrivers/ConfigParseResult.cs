namespace Ml2.TypeDrivers;

/// <summary>The outcome of parsing a configuration list: the value built from the good entries, and the errors.</summary>
/// <typeparam name="T">The parsed value.</typeparam>
/// <param name="Value">The value built from the entries that parsed.</param>
/// <param name="Errors">One error per bad entry; empty when every entry parsed.</param>
internal sealed record ConfigParseResult<T>(T Value, IReadOnlyList<ConfigEntryError> Errors)
{
    /// <summary>Whether every entry parsed.</summary>
    public bool IsValid => Errors.Count == 0;
}
