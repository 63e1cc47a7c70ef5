using Microsoft.Extensions.DependencyInjection;
using Lbaas.Storage.TestKit;

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

/// <summary>The LBaaS store on SQLite as a conformance target: a database is a fresh file in a temp directory.</summary>
public sealed class SqliteLbaasStoreTarget : LbaasStoreTarget<string>
{
    public override Task<string> CreateDatabaseAsync() => Task.FromResult(SqliteStoreTarget.NewFile());

    public override void Use(ILbaasBuilder builder, string database) =>
        builder.UseSqliteStore($"Data Source={database}", o => o.BusyTimeout = TimeSpan.FromSeconds(60));
}

public sealed class SqliteLbaasStateConformance() : LbaasStateConformanceTests<string>(new SqliteLbaasStoreTarget());

public sealed class SqliteLbaasSchemaUpgrade() : LbaasSchemaUpgradeTests<string>(new SqliteStoreTarget());
