using Microsoft.Extensions.DependencyInjection;
using Ml2.Storage.Conformance;

namespace Ml2.Storage.Sqlite.Tests;

/// <summary>The SQLite store as a conformance target: a database is a fresh file in a temp directory.</summary>
public sealed class SqliteStoreTarget : StoreTarget<string>
{
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "ml2-sqlite-tests-" + Environment.ProcessId);

    public static string NewFile() => Path.Combine(Root, Guid.NewGuid().ToString("N") + ".db");

    public override Task<string> CreateDatabaseAsync() => Task.FromResult(NewFile());

    public override void Use(IMl2Builder builder, string database)
    {
        var connectionString = $"Data Source={database}";
        builder.UseSqliteStore(connectionString, o => o.BusyTimeout = TimeSpan.FromSeconds(60));
        new StoreOnlyLbaasBuilder(builder.Services).UseSqliteStore(connectionString, o => o.BusyTimeout = TimeSpan.FromSeconds(60));
    }
}

public sealed class SqliteResourceConformance() : ResourceConformanceTests<string>(new SqliteStoreTarget());

public sealed class SqliteTransactionConformance() : TransactionConformanceTests<string>(new SqliteStoreTarget());

public sealed class SqlitePoolConformance() : PoolConformanceTests<string>(new SqliteStoreTarget());

public sealed class SqliteRangeChangeConformance() : RangeChangeConformanceTests<string>(new SqliteStoreTarget());

public sealed class SqlitePluginConformance() : PluginConformanceTests<string>(new SqliteStoreTarget());

public sealed class SqliteRelationalConformance() : RelationalConformanceTests<string>(new SqliteStoreTarget());

public sealed class SqliteJournalConformance() : JournalConformanceTests<string>(new SqliteStoreTarget());

public sealed class SqliteLbaasStateConformance() : LbaasStateConformanceTests(new SqliteStoreTarget());

public sealed class SqliteLbaasSchemaUpgrade() : LbaasSchemaUpgradeTests(new SqliteStoreTarget());
