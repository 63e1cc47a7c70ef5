using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Plugin;
using Ml2.Storage.Relational;
using Npgsql;

namespace Ml2.Storage.PostgreSql.Tests;

/// <summary>
/// The stores of the two features on PostgreSQL: an ML2-only host creates no LBaaS table, and the LBaaS store given
/// the ML2 store's connection string (or data source) shares its database and data source.
/// </summary>
[Collection(PostgreSqlServerFixture.CollectionName)]
public sealed class PostgreSqlFeatureSchemaTests(PostgreSqlServerFixture pg)
{
    [Fact]
    public async Task UsePostgreSqlStore_when_only_ml_2_is_composed_creates_no_lbaas_table()
    {
        var database = await pg.Server.CreateDatabaseAsync();
        var services = new ServiceCollection();
        services.AddMl2().UsePostgreSqlStore(database);
        await using (var provider = services.BuildServiceProvider())
        {
            await (await provider.StartMl2Async()).ListNetworksAsync(CallerContext.Admin());
        }

        (await QueryAsync(database, "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'lbaas%'")).Should().BeEmpty();
        (await QueryAsync(database, "SELECT version::text FROM ml2_schema_migrations ORDER BY version")).Should().Equal("1", "2", "6");
    }

    [Fact]
    public async Task UsePostgreSqlStore_when_both_features_name_one_database_share_one_data_source()
    {
        var database = await pg.Server.CreateDatabaseAsync();
        var services = new ServiceCollection();
        services.AddMl2().UsePostgreSqlStore(database);
        new StoreOnlyLbaasBuilder(services).UsePostgreSqlStore(database);
        await using var provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<IMl2Store>();
        (await provider.GetRequiredService<IDeviceStore>().ListDevicesAsync()).Should().BeEmpty();

        provider.GetRequiredService<RelationalDatabases>().Count.Should().Be(1);
        (await QueryAsync(database, "SELECT version::text FROM lbaas_schema_migrations ORDER BY version")).Should().Equal("3", "4", "5");
    }

    [Fact]
    public async Task UsePostgreSqlStore_when_both_features_get_one_data_source_share_it()
    {
        var database = await pg.Server.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(database);
        var services = new ServiceCollection();
        services.AddMl2().UsePostgreSqlStore(dataSource);
        new StoreOnlyLbaasBuilder(services).UsePostgreSqlStore(dataSource);
        await using var provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<IMl2Store>();
        _ = provider.GetRequiredService<IDeviceStore>();

        provider.GetRequiredService<RelationalDatabases>().Count.Should().Be(1);
    }

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
