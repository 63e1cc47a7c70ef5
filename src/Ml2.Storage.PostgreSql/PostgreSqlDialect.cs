using System.Data;
using System.Data.Common;
using Npgsql;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.PostgreSql;

/// <summary>
/// PostgreSQL: writers run at READ COMMITTED and rely on revision compare-and-set, unique keys and deferred foreign
/// keys (a lost race becomes a retryable conflict, never a silent overwrite); readers get one snapshot
/// (REPEATABLE READ). Migrations are serialised across instances by a transaction-scoped advisory lock.
/// </summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    /// <summary>The advisory lock key of the ML2 schema ("ml2m" in ASCII).</summary>
    private const long MigrationLockKey = 0x6d6c326d;

    public override string Provider => "postgresql";

    public override bool Synchronous => false;

    public override string InsertionOrderColumn => "pos";

    public override string LockRowsSuffix => " FOR UPDATE";

    public override async ValueTask<bool> TableExistsAsync(SqlSession session, string table, CancellationToken cancellationToken) =>
        await session.Int64Async("SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = @name", cancellationToken, new SqlArg("name", table)).ConfigureAwait(false) > 0;

    public override async ValueTask<DbTransaction> BeginAsync(DbConnection connection, bool readOnly, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(readOnly ? IsolationLevel.RepeatableRead : IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

    public override async ValueTask LockForMigrationAsync(SqlSession session, CancellationToken cancellationToken) =>
        await session.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", cancellationToken, new SqlArg("key", MigrationLockKey)).ConfigureAwait(false);

    public override StoreError Classify(DbException exception) => exception is PostgresException postgres
        ? postgres.SqlState switch
        {
            PostgresErrorCodes.SerializationFailure => new StoreError(true, "serialization failure", postgres.SqlState),
            PostgresErrorCodes.DeadlockDetected => new StoreError(true, "deadlock", postgres.SqlState),
            PostgresErrorCodes.UniqueViolation => new StoreError(true, "unique violation", postgres.SqlState),
            PostgresErrorCodes.ForeignKeyViolation => new StoreError(true, "foreign key violation", postgres.SqlState),
            PostgresErrorCodes.LockNotAvailable => new StoreError(true, "lock not available", postgres.SqlState),
            _ => new StoreError(false, postgres.MessageText, postgres.SqlState),
        }
        : new StoreError(false, exception.Message, "?");
}
