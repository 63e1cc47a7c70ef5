namespace Ml2.Storage.Relational.Sql;

/// <summary>A classified database error.</summary>
/// <param name="IsConflict">A concurrent transaction caused it, so the whole operation may be retried.</param>
/// <param name="Reason">A short description, e.g. <c>serialization failure</c>.</param>
/// <param name="Code">The database's code (SQLSTATE or SQLite result code).</param>
internal readonly record struct StoreError(bool IsConflict, string Reason, string Code);
