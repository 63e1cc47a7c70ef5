using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ml2.Health;
using Ml2.Storage.Relational;

namespace Ml2.Storage.Sqlite.Tests;

/// <summary>The ml2-store health check on a SQLite file: reachable, and the schema at the version this SDK writes.</summary>
public sealed class SqliteStoreHealthTests : IAsyncLifetime
{
    private readonly string _file = SqliteStoreTarget.NewFile();
    private readonly List<ServiceProvider> _providers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task Store_at_the_newest_schema_version_is_healthy()
    {
        var provider = Start(_file);
        await provider.StartMl2Async();

        var entry = await CheckAsync(provider);

        entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
        entry.Data["store"].Should().Be("sqlite");
        entry.Data["schema_version"].Should().Be(SupportedVersion(provider)).And.Be(entry.Data["supported_schema_version"]);
    }

    [Fact]
    public async Task Store_when_a_newer_sdk_migrates_the_file_while_running_is_unhealthy()
    {
        var provider = Start(_file);
        await provider.StartMl2Async();
        (await CheckAsync(provider)).Status.Should().Be(HealthStatus.Healthy);

        await ExecuteAsync("INSERT INTO ml2_schema_migrations (version, name, applied_at) VALUES (999, 'from the future', '2030-01-01')");
        var entry = await CheckAsync(provider);

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Data["schema_version"].Should().Be(999);
        entry.Description.Should().Be($"The sqlite database cannot be used: The database schema is at version 999, newer than the {SupportedVersion(provider)} this version of the SDK supports; upgrade the SDK (migrations are forward-only).");
        entry.Exception.Should().BeOfType<SchemaVersionException>();
    }

    [Fact]
    public async Task Store_on_a_file_written_by_a_newer_sdk_is_unhealthy_before_any_other_use()
    {
        var writer = Start(_file);
        await writer.StartMl2Async();
        await ExecuteAsync("INSERT INTO ml2_schema_migrations (version, name, applied_at) VALUES (999, 'from the future', '2030-01-01')");
        var reader = Start(_file);

        var entry = await CheckAsync(reader);

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Data["schema_version"].Should().Be(999);
        entry.Exception.Should().BeOfType<SchemaVersionException>();
    }

    [Fact]
    public async Task Store_when_the_file_cannot_be_opened_is_unhealthy_without_the_connection_string()
    {
        var path = SqliteStoreTarget.NewFile();
        Directory.CreateDirectory(path);   // a directory where the database file should be
        var provider = Start(path);

        var entry = await CheckAsync(provider);

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Description.Should().StartWith("The sqlite database could not be reached or read: SqliteException:");
        entry.Data.Should().NotContainKey("schema_version");
        entry.Description.Should().NotContain("Data Source");
    }

    private ServiceProvider Start(string file)
    {
        var services = new ServiceCollection();
        services.AddMl2().UseSqliteStore($"Data Source={file}");
        services.AddHealthChecks().AddMl2Checks();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    private static async Task<HealthReportEntry> CheckAsync(IServiceProvider provider)
    {
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == Ml2HealthChecks.StoreCheckName);
        return report.Entries[Ml2HealthChecks.StoreCheckName];
    }

    private static int SupportedVersion(IServiceProvider provider) => SqliteMigrations.Ml2.LatestVersion;

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
