using Microsoft.Extensions.DependencyInjection;
using Ml2.Storage.Conformance;

namespace Ml2.Storage.Sqlite.Tests;

/// <summary>The SQLite store as a conformance target: a database is a fresh file in a temp directory.</summary>
public sealed class SqliteStoreTarget : StoreTarget
{
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "ml2-sqlite-tests-" + Environment.ProcessId);

    public static string NewFile() => Path.Combine(Root, Guid.NewGuid().ToString("N") + ".db");

    public override Task<object> CreateDatabaseAsync() => Task.FromResult<object>(NewFile());

    public override void Use(IMl2Builder builder, object database)
    {
        var connectionString = $"Data Source={(string)database}";
        builder.UseSqliteStore(connectionString, o => o.BusyTimeout = TimeSpan.FromSeconds(60));
        new StoreOnlyLbaasBuilder(builder.Services).UseSqliteStore(connectionString, o => o.BusyTimeout = TimeSpan.FromSeconds(60));
    }
}

public sealed class SqliteResourceConformance() : ResourceConformanceTests(new SqliteStoreTarget());

public sealed class SqliteTransactionConformance() : TransactionConformanceTests(new SqliteStoreTarget());

public sealed class SqlitePoolConformance() : PoolConformanceTests(new SqliteStoreTarget());

public sealed class SqliteRangeChangeConformance() : RangeChangeConformanceTests(new SqliteStoreTarget());

public sealed class SqlitePluginConformance() : PluginConformanceTests(new SqliteStoreTarget());

public sealed class SqliteRelationalConformance() : RelationalConformanceTests(new SqliteStoreTarget());

public sealed class SqliteJournalConformance() : JournalConformanceTests(new SqliteStoreTarget());

public sealed class SqliteLbaasStateConformance() : LbaasStateConformanceTests(new SqliteStoreTarget());
