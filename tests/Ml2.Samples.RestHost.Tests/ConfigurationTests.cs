namespace Ml2.Samples.RestHost.Tests;

public sealed class ConfigurationTests
{
    private static readonly Dictionary<string, object> s_physnet9 = new()
    {
        ["name"] = "p9", ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet9", ["provider:segmentation_id"] = 42,
    };

    [Fact]
    public async Task The_sqlite_store_keeps_state_across_restarts()
    {
        var path = Path.Combine(Path.GetTempPath(), $"resthost-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string?> { ["store:type"] = "sqlite", ["store:path"] = path };
        try
        {
            string id;
            await using (var first = new Host(settings))
            {
                await first.Fixture.InitializeAsync();
                var (status, body, _) = await first.Fixture.PostAsync("/v2.0/networks", new { network = new { name = "durable" } });
                status.Should().Be(201);
                id = (string)body!["network"]!["id"]!;
            }

            await using var second = new Host(settings);
            await second.Fixture.InitializeAsync();
            var (again, shown, _) = await second.Fixture.GetAsync($"/v2.0/networks/{id}");
            again.Should().Be(200);
            ((string?)shown!["network"]!["name"]).Should().Be("durable");
            File.Exists(path).Should().BeTrue();
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    [Fact]
    public async Task Vlan_ranges_come_from_configuration_with_neutron_keys()
    {
        await using (var defaults = new Host([]))
        {
            await defaults.Fixture.InitializeAsync();
            var (status, body, _) = await defaults.Fixture.PostAsync("/v2.0/networks", new { network = s_physnet9 });
            status.Should().Be(400, body?.ToJsonString());
        }

        await using var configured = new Host(new Dictionary<string, string?> { ["ml2:ml2_type_vlan:network_vlan_ranges"] = "physnet1:100:199,physnet9:40:50" });
        await configured.Fixture.InitializeAsync();
        var (created, createdBody, _) = await configured.Fixture.PostAsync("/v2.0/networks", new { network = s_physnet9 });
        created.Should().Be(201, createdBody?.ToJsonString());
    }

    private sealed class Host(Dictionary<string, string?> settings) : IAsyncDisposable
    {
        public RestHostFixture Fixture { get; } = new(settings);

        public async ValueTask DisposeAsync() => await Fixture.DisposeAsync();
    }
}
