namespace Ml2.Journal;

/// <summary>
/// What happened to the resource of a journal entry. The numeric values are stable: a SQL store may keep them as
/// integers (or as the lower-case names <c>create</c>, <c>update</c>, <c>delete</c>).
/// </summary>
public enum JournalOperation
{
    /// <summary>The resource was created.</summary>
    Create = 0,

    /// <summary>The resource was changed; the entry carries the original as well.</summary>
    Update = 1,

    /// <summary>The resource was deleted; the entry carries it as it was just before deletion.</summary>
    Delete = 2,
}
