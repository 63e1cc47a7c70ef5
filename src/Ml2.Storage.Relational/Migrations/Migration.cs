namespace Ml2.Storage.Relational.Migrations;

/// <summary>One forward-only schema step.</summary>
/// <param name="Version">The version the schema is at after this step (1, 2, ...).</param>
/// <param name="Name">What the step does.</param>
/// <param name="Statements">The DDL statements, run in order inside the migration transaction.</param>
internal sealed record Migration(int Version, string Name, IReadOnlyList<string> Statements);
