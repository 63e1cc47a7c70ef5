using System.Data.Common;
namespace Ml2.Storage.Relational.Sql;

/// <summary>What differs between the databases: how transactions begin, how errors are classified, what exists. Each feature's schema is a <see cref="Migrations.MigrationSet"/> of its own.</summary>
internal abstract class SqlDialect
{
    /// <summary>The product name exposed to drivers: <c>sqlite</c> or <c>postgresql</c>.</summary>
    public abstract string Provider { get; }

    /// <summary>Whether ADO.NET's synchronous methods are the fast path (SQLite: its async methods only wrap them).</summary>
    public abstract bool Synchronous { get; }

    /// <summary>The column that orders rows by insertion (SQLite's rowid, PostgreSQL's identity column).</summary>
    public abstract string InsertionOrderColumn { get; }

    /// <summary>What a <c>SELECT</c> appends to lock the rows it reads until commit (empty where writers are serialised anyway).</summary>
    public abstract string LockRowsSuffix { get; }

    /// <summary>Whether a table named <paramref name="table"/> exists (in the schema the connection uses).</summary>
    public abstract ValueTask<bool> TableExistsAsync(SqlSession session, string table, CancellationToken cancellationToken);

    /// <summary>Begins a transaction: writers take the write lock up front where the database has one.</summary>
    public abstract ValueTask<DbTransaction> BeginAsync(DbConnection connection, bool readOnly, CancellationToken cancellationToken);

    /// <summary>Takes the lock that serialises migrations across processes, inside <paramref name="session"/>'s transaction.</summary>
    public abstract ValueTask LockForMigrationAsync(SqlSession session, CancellationToken cancellationToken);

    /// <summary>Classifies a database error: whether a retry of the whole operation may succeed.</summary>
    public abstract StoreError Classify(DbException exception);
}
