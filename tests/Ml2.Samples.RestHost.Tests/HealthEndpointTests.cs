using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Drivers;
using Ml2.Journal;
using Ml2.TestUtilities;

namespace Ml2.Samples.RestHost.Tests;

/// <summary>
/// <c>/healthz</c> (liveness) and <c>/readyz</c> (readiness) on the running host: 200 with every check Healthy, 503 with
/// the failing check named when the store is unreachable, its schema is newer than the SDK, or a journal entry failed;
/// liveness stays 200 throughout.
/// </summary>
public sealed class HealthEndpointTests
{
    private static readonly string[] s_readyChecks = ["lbaas-agents", "lbaas-devices", "lbaas-pending", "ml2-journal", "ml2-store"];

    [Fact]
    public async Task Healthz_and_readyz_answer_200_with_every_check_healthy()
    {
        await using var host = await StartAsync(new RestHostFixture());

        var (liveStatus, live, liveResponse) = await host.GetAsync("/healthz");
        var (readyStatus, ready, readyResponse) = await host.GetAsync("/readyz");

        liveStatus.Should().Be(200, live?.ToJsonString());
        RestHostFixture.ContentType(liveResponse)!.MediaType.Should().Be("application/json");
        ((string?)live!["status"]).Should().Be("Healthy");
        live["checks"]!.AsObject().Should().BeEmpty("no SDK check decides liveness");
        readyStatus.Should().Be(200, ready?.ToJsonString());
        RestHostFixture.ContentType(readyResponse)!.MediaType.Should().Be("application/json");
        ((string?)ready!["status"]).Should().Be("Healthy");
        var checks = ready["checks"]!.AsObject();
        checks.Select(c => c.Key).Should().Equal(s_readyChecks);
        checks.Should().OnlyContain(c => (string?)c.Value!["status"] == "Healthy");
        ((int?)checks["lbaas-devices"]!["data"]!["devices"]).Should().Be(1, "the sample on-boards adc-1");
        checks["ml2-store"]!["tags"]!.AsArray().Select(t => (string?)t).Should().BeEquivalentTo("ml2", "ready");
    }

    [Fact]
    public async Task Readyz_answers_503_when_the_sqlite_schema_is_newer_than_the_sdk()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ml2-health-{Guid.NewGuid():N}");
        var file = Path.Combine(directory, "neutron.db");
        try
        {
            await using (var host = await StartAsync(new RestHostFixture(new Dictionary<string, string?> { ["store:type"] = "sqlite", ["store:path"] = file })))
            {
                (await host.GetAsync("/readyz")).Status.Should().Be(200);
                await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
                {
                    await connection.OpenAsync();
                    await using var insert = connection.CreateCommand();
                    insert.CommandText = "INSERT INTO ml2_schema_migrations (version, name, applied_at) VALUES (999, 'from the future', '2030-01-01')";
                    await insert.ExecuteNonQueryAsync();
                }

                var (status, body, _) = await host.GetAsync("/readyz");

                status.Should().Be(503, body?.ToJsonString());
                ((string?)body!["status"]).Should().Be("Unhealthy");
                var store = body["checks"]!["ml2-store"]!;
                ((string?)store["status"]).Should().Be("Unhealthy");
                ((int?)store["data"]!["schema_version"]).Should().Be(999);
                ((string?)store["description"]).Should().Contain("newer than the");
                (await host.GetAsync("/healthz")).Status.Should().Be(200, "a newer schema is no reason to restart the process");
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Readyz_answers_503_when_a_journal_entry_failed_for_good_without_the_drivers_error_text()
    {
        var driver = new RefusingJournaledDriver();
        await using var host = await StartAsync(new RestHostFixture(
            new Dictionary<string, string?>
            {
                ["ml2:mechanism_drivers"] = $"host_agent,{RefusingJournaledDriver.DriverName}",
                ["ml2:ml2_journal:journal_run_worker"] = "false",
                ["ml2:ml2_journal:journal_max_attempts"] = "1",
            },
            services => services.AddSingleton<IMechanismDriver>(driver)));
        var (created, network, _) = await host.PostAsync("/v2.0/networks", new { network = new { name = "web" } });
        created.Should().Be(201);
        (await host.GetAsync("/readyz")).Status.Should().Be(200, "the entry is pending, not failed");

        var pass = await host.Services.GetRequiredService<IJournal>().RunOnceAsync();
        var (status, body, _) = await host.GetAsync("/readyz");

        pass.Failed.Should().Be(1);
        status.Should().Be(503, body?.ToJsonString());
        var journal = body!["checks"]!["ml2-journal"]!;
        ((string?)journal["status"]).Should().Be("Unhealthy");
        ((int?)journal["data"]!["failed_entries"]).Should().Be(1);
        journal["data"]!["failed"]!.AsArray().Select(e => (string?)e).Should().ContainSingle()
            .Which.Should().EndWith($"{RefusingJournaledDriver.DriverName}: Create Network {(string?)network!["network"]!["id"]}");
        body.ToJsonString().Should().NotContain(RefusingJournaledDriver.Secret);
        (await host.GetAsync("/healthz")).Status.Should().Be(200);
    }

    [Fact]
    public async Task Readyz_answers_503_when_the_postgresql_store_becomes_unreachable()
    {
        var server = await PostgreSqlTestServer.StartAsync();
        var keyRing = Path.Combine(Path.GetTempPath(), $"ml2-health-keys-{Guid.NewGuid():N}");
        try
        {
            var connectionString = await server.CreateDatabaseAsync();
            await using var host = await StartAsync(new RestHostFixture(
                new Dictionary<string, string?> { ["lbaas:credential_key_ring_directory"] = keyRing },
                services =>
                {
                    services.AddMl2().UsePostgreSqlStore(connectionString);
                    services.AddLbaas().UsePostgreSqlStore(connectionString);
                }));
            var (before, healthy, _) = await host.GetAsync("/readyz");
            before.Should().Be(200, healthy?.ToJsonString());
            ((string?)healthy!["checks"]!["ml2-store"]!["data"]!["store"]).Should().Be("postgresql");

            await server.DisposeAsync();   // the database server goes away
            var (status, body, _) = await host.GetAsync("/readyz");

            status.Should().Be(503, body?.ToJsonString());
            var store = body!["checks"]!["ml2-store"]!;
            ((string?)store["status"]).Should().Be("Unhealthy");
            ((string?)store["description"]).Should().StartWith("The postgresql database could not be reached or read:");
            (await host.GetAsync("/healthz")).Status.Should().Be(200);
        }
        finally
        {
            await server.DisposeAsync();
            if (Directory.Exists(keyRing))
            {
                Directory.Delete(keyRing, recursive: true);
            }
        }
    }

    private static async Task<StartedHost> StartAsync(RestHostFixture fixture)
    {
        await fixture.InitializeAsync();
        return new StartedHost(fixture);
    }

    /// <summary>A fixture started by the test, disposed with <c>await using</c>.</summary>
    private sealed class StartedHost(RestHostFixture fixture) : IAsyncDisposable
    {
        public IServiceProvider Services => fixture.Services;

        public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> GetAsync(string path) => fixture.GetAsync(path);

        public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(string path, object body) => fixture.PostAsync(path, body);

        public async ValueTask DisposeAsync() => await fixture.DisposeAsync();
    }

    /// <summary>A journaled driver whose controller refuses every delivery, with an error text that must stay out of health output.</summary>
    private sealed class RefusingJournaledDriver : IJournaledMechanismDriver
    {
        public const string DriverName = "refusing-controller";
        public const string Secret = "hunter2-controller-token";

        public string Name => DriverName;

        public ValueTask DeliverAsync(JournalEntry entry, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"controller https://admin:{Secret}@sdn.example refused entry {entry.Sequence}");

        public ValueTask ResyncAsync(JournalResyncContext context, CancellationToken cancellationToken) => default;
    }
}
