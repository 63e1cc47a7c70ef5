using Lbaas;
using Lbaas.Storage;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Plugin;
using Ml2.Storage.Relational;

namespace Ml2.Storage.Sqlite.Tests;

/// <summary>
/// The stores of the two features on SQLite: an ML2-only host creates no LBaaS table, the LBaaS store pointed at the
/// ML2 store's file shares its connections (one database, one writer), and a file made by the version that kept one
/// schema history for both features keeps working (RelationalConformanceTests, for every SQL store).
/// </summary>
public sealed class SqliteFeatureSchemaTests
{
    private readonly string _file = SqliteStoreTarget.NewFile();

    [Fact]
    public async Task UseSqliteStore_when_only_ml_2_is_composed_creates_no_lbaas_table()
    {
        var services = new ServiceCollection();
        services.AddMl2().UseSqliteStore($"Data Source={_file}");
        await using (var provider = services.BuildServiceProvider())
        {
            await (await provider.StartMl2Async()).ListNetworksAsync(CallerContext.Admin());
        }

        Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'lbaas%'").Should().BeEmpty();
        Query("SELECT version FROM ml2_schema_migrations ORDER BY version").Should().Equal("1", "2", "6");
    }

    [Fact]
    public async Task UseSqliteStore_when_both_features_name_one_file_share_one_database()
    {
        var connectionString = $"Data Source={_file}";
        var services = new ServiceCollection();
        services.AddMl2().UseSqliteStore(connectionString);
        new StoreOnlyLbaasBuilder(services).UseSqliteStore($"Data Source={Path.GetRelativePath(Environment.CurrentDirectory, _file)}");
        await using var provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<IMl2Store>();
        await provider.GetRequiredService<IDeviceStore>().AddDeviceAsync(Device("adc-1"));

        provider.GetRequiredService<RelationalDatabases>().Count.Should().Be(1, "the same file, named two ways, is one database with one writer");
        Query("SELECT version FROM lbaas_schema_migrations ORDER BY version").Should().Equal("3", "4", "5");
    }

    [Fact]
    public async Task UseSqliteStore_when_the_features_name_two_files_opens_two_databases()
    {
        var services = new ServiceCollection();
        services.AddMl2().UseSqliteStore($"Data Source={_file}");
        new StoreOnlyLbaasBuilder(services).UseSqliteStore($"Data Source={SqliteStoreTarget.NewFile()}");
        await using var provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<IMl2Store>();
        _ = provider.GetRequiredService<IDeviceStore>();

        provider.GetRequiredService<RelationalDatabases>().Count.Should().Be(2);
    }

    private static Device Device(string id) => new()
    {
        Id = id, Name = id, Provider = "adc", HostId = "lb-host-1", Capacity = new DeviceCapacity(4, 4),
    };

    private List<string> Query(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }

    private void Execute(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
