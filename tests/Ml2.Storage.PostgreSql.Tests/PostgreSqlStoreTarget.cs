using Microsoft.Extensions.DependencyInjection;
using Lbaas.Storage.TestKit;

namespace Ml2.Storage.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL store as a conformance target: a database is a fresh database on the throwaway server, with a key
/// ring directory of its own for device passwords (every host of the database shares it, as controller instances must).
/// </summary>
public sealed class PostgreSqlStoreTarget(PostgreSqlTestServer server) : StoreTarget<string>
{
    public override Task<string> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    public override void Use(IMl2Builder builder, string database)
    {
        builder.UsePostgreSqlStore(database);
        UseLbaas(new StoreOnlyLbaasBuilder(builder.Services), database);
    }

    /// <summary>Makes <paramref name="builder"/> use the LBaaS store over <paramref name="database"/>, with the database's key ring.</summary>
    public void UseLbaas(ILbaasBuilder builder, string database)
    {
        builder.UsePostgreSqlStore(database);
        builder.Services.Configure<global::Lbaas.Configuration.LbaasOptions>(o => o.CredentialKeyRingDirectory = KeyRingOf(database));
    }

    /// <summary>The key ring directory of a database (under the server's root, removed with it).</summary>
    public string KeyRingOf(string connectionString) =>
        Path.Combine(Path.GetDirectoryName(server.DataDirectory)!, "keys-" + new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database);
}

/// <summary>The LBaaS store on PostgreSQL as a conformance target: the databases and key rings of <see cref="PostgreSqlStoreTarget"/>.</summary>
public sealed class PostgreSqlLbaasStoreTarget(PostgreSqlTestServer server) : LbaasStoreTarget<string>
{
    private readonly PostgreSqlStoreTarget _ml2 = new(server);

    public override Task<string> CreateDatabaseAsync() => _ml2.CreateDatabaseAsync();

    public override void Use(ILbaasBuilder builder, string database) => _ml2.UseLbaas(builder, database);
}

[CollectionDefinition(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlServerFixture>;

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlResourceConformance(PostgreSqlServerFixture pg) : ResourceConformanceTests<string>(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlTransactionConformance(PostgreSqlServerFixture pg) : TransactionConformanceTests<string>(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlPoolConformance(PostgreSqlServerFixture pg) : PoolConformanceTests<string>(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlRangeChangeConformance(PostgreSqlServerFixture pg) : RangeChangeConformanceTests<string>(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlPluginConformance(PostgreSqlServerFixture pg) : PluginConformanceTests<string>(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlRelationalConformance(PostgreSqlServerFixture pg) : RelationalConformanceTests<string>(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlJournalConformance(PostgreSqlServerFixture pg) : JournalConformanceTests<string>(new PostgreSqlStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlLbaasStateConformance(PostgreSqlServerFixture pg) : LbaasStateConformanceTests<string>(new PostgreSqlLbaasStoreTarget(pg.Server));

[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlLbaasSchemaUpgrade(PostgreSqlServerFixture pg) : LbaasSchemaUpgradeTests<string>(new PostgreSqlStoreTarget(pg.Server));
