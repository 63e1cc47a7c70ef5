namespace Ml2.Samples.RestHost.Tests;

/// <summary><c>--config FILE</c>: that file replaces the sample's appsettings.json (the command line still overrides it).</summary>
public sealed class ConfigFileTests
{
    private static readonly Dictionary<string, object> s_physnet1 = new()
    {
        ["name"] = "p1", ["provider:network_type"] = "vlan", ["provider:physical_network"] = "physnet1", ["provider:segmentation_id"] = 150,
    };

    [Fact]
    public async Task Only_the_named_file_is_used_not_the_samples_own_settings()
    {
        var file = Path.Combine(Path.GetTempPath(), $"resthost-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            {
              "identity": { "default_project_id": "operations" },
              "store": { "type": "memory" },
              "ml2": {
                "mechanism_drivers": "host_agent",
                "tenant_network_types": "vxlan",
                "ml2_type_vxlan": { "vni_ranges": "10:20" }
              }
            }
            """);
        try
        {
            var host = new RestHostFixture([], args: ["--config", file]);
            await host.InitializeAsync();
            try
            {
                var (created, network, _) = await host.PostAsync("/v2.0/networks", new { network = new { name = "from-file" } });
                created.Should().Be(201, network?.ToJsonString());
                ((string?)network!["network"]!["project_id"]).Should().Be("operations", "identity comes from the named file");
                ((long)network["network"]!["provider:segmentation_id"]!).Should().BeInRange(10, 20);

                var (refused, body, _) = await host.PostAsync("/v2.0/networks", new { network = s_physnet1 });
                refused.Should().Be(400, $"appsettings.json's VLAN ranges (physnet1:100:199) must not apply: {body?.ToJsonString()}");
            }
            finally
            {
                await host.DisposeAsync();
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Without_config_the_samples_settings_apply_and_a_missing_file_stops_the_start()
    {
        var defaults = new RestHostFixture();
        await defaults.InitializeAsync();
        try
        {
            (await defaults.PostAsync("/v2.0/networks", new { network = s_physnet1 })).Status.Should().Be(201);
        }
        finally
        {
            await defaults.DisposeAsync();
        }

        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.json");
        var start = async () => await new RestHostFixture([], args: ["--config", missing]).InitializeAsync();
        (await start.Should().ThrowAsync<FileNotFoundException>()).WithMessage($"*{missing}*");
        var noValue = async () => await new RestHostFixture([], args: ["--config"]).InitializeAsync();
        (await noValue.Should().ThrowAsync<ArgumentException>()).WithMessage("*--config FILE*");
    }
}
