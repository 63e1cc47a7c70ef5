using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Ml2.Storage.Relational.Sql;

namespace Ml2.Storage.Sqlite;

/// <summary>SQLite: writers take the database's write lock at BEGIN (IMMEDIATE), which also serialises migrations.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    private const int Busy = 5;
    private const int Locked = 6;
    private const int Constraint = 19;
    private const int ConstraintForeignKey = 787;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;

    public override string Provider => "sqlite";

    public override bool Synchronous => true;

    public override string InsertionOrderColumn => "rowid";

    public override string LockRowsSuffix => "";

    public override async ValueTask<bool> TableExistsAsync(SqlSession session, string table, CancellationToken cancellationToken) =>
        await session.Int64Async("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name", cancellationToken, new SqlArg("name", table)).ConfigureAwait(false) > 0;

    public override ValueTask<DbTransaction> BeginAsync(DbConnection connection, bool readOnly, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: readOnly));

    public override ValueTask LockForMigrationAsync(SqlSession session, CancellationToken cancellationToken) => default;

    public override StoreError Classify(DbException exception)
    {
        if (exception is not SqliteException sqlite)
        {
            return new StoreError(false, exception.Message, "?");
        }

        var code = sqlite.SqliteExtendedErrorCode.ToString(CultureInfo.InvariantCulture);
        return sqlite.SqliteErrorCode switch
        {
            Busy => new StoreError(true, "database busy", code),
            Locked => new StoreError(true, "database table locked", code),
            Constraint when sqlite.SqliteExtendedErrorCode is ConstraintUnique or ConstraintPrimaryKey => new StoreError(true, "unique violation", code),
            Constraint when sqlite.SqliteExtendedErrorCode == ConstraintForeignKey => new StoreError(true, "foreign key violation", code),
            _ => new StoreError(false, sqlite.Message, code),
        };
    }
}
