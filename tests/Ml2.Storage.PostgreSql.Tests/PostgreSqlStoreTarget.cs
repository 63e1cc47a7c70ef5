using Microsoft.Extensions.DependencyInjection;
using Ml2.Storage.Conformance;

namespace Ml2.Storage.PostgreSql.Tests;

/// <summary>The PostgreSQL store as a conformance target: a database is a fresh database on the throwaway server.</summary>
public sealed class PostgreSqlStoreTarget(PostgreSqlTestServer server) : StoreTarget
{
    public override async Task<object> CreateDatabaseAsync() => await server.CreateDatabaseAsync();

    public override void Use(IMl2Builder builder, object database) => builder.UsePostgreSqlStore((string)database);
}

[CollectionDefinition(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlServerFixture>;

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlResourceConformance(PostgreSqlServerFixture pg) : ResourceConformanceTests(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlTransactionConformance(PostgreSqlServerFixture pg) : TransactionConformanceTests(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlPoolConformance(PostgreSqlServerFixture pg) : PoolConformanceTests(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlRangeChangeConformance(PostgreSqlServerFixture pg) : RangeChangeConformanceTests(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlPluginConformance(PostgreSqlServerFixture pg) : PluginConformanceTests(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlRelationalConformance(PostgreSqlServerFixture pg) : RelationalConformanceTests(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlJournalConformance(PostgreSqlServerFixture pg) : JournalConformanceTests(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlLbaasStateConformance(PostgreSqlServerFixture pg) : LbaasStateConformanceTests(new PostgreSqlStoreTarget(pg.Server));
