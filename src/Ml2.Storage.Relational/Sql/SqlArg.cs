namespace Ml2.Storage.Relational.Sql;

/// <summary>A named statement parameter (<c>@name</c> in the SQL text).</summary>
/// <param name="Name">The name without the <c>@</c>.</param>
/// <param name="Value">The value; null is sent as SQL NULL.</param>
internal readonly record struct SqlArg(string Name, object? Value);
