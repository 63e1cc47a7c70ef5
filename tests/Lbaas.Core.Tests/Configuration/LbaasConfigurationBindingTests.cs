using System.Text;
using Lbaas.Configuration;
using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Placement;
using Lbaas.Wiring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lbaas.Core.Tests.Configuration;

/// <summary>Binding the <c>lbaas</c> section: providers, flavors with metadata, timings, and the placement and wiring subsections.</summary>
public sealed class LbaasConfigurationBindingTests
{
    private const string Json = """
        {
          "lbaas": {
            "providers": "LOADBALANCERV2:acme:recording:default, LOADBALANCERV2:cheap:cheap-driver",
            "flavors": [
              { "id": "ha", "name": "HA", "provider": "acme", "metadata": { "loadbalancer_topology": "ACTIVE_STANDBY" } },
              { "id": "raw", "provider": "cheap", "enabled": false, "metadata": "{\"compute_flavor\": \"m1.small\"}" }
            ],
            "PendingTimeout": "00:05:00",
            "ReaperInterval": "00:00:30",
            "AgentCount": 3,
            "AgentHeartbeatInterval": "00:00:05",
            "AgentDeadAfter": "00:00:20",
            "placement": { "TopK": 3, "AllowProvisioning": false },
            "wiring": { "ServiceProjectId": "service" }
          }
        }
        """;

    private static ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json))).Build();
        var services = new ServiceCollection();
        services.AddMl2();
        services.AddLbaas(configuration.GetSection(LbaasOptions.SectionName))
            .AddLoadBalancerDriver(new RecordingLoadBalancerDriver())
            .AddLoadBalancerDriver(new RecordingLoadBalancerDriver("cheap-driver"));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddLbaas_with_configuration_binds_every_option()
    {
        using var provider = Build();

        var options = provider.GetRequiredService<IOptions<LbaasOptions>>().Value;

        options.Providers.Should().Equal("LOADBALANCERV2:acme:recording:default", "LOADBALANCERV2:cheap:cheap-driver");
        options.Flavors.Should().HaveCount(2);
        options.Flavors[0].Metadata.Should().Be("""{"loadbalancer_topology":"ACTIVE_STANDBY"}""");
        options.Flavors[1].Should().Match<LoadBalancerFlavorOptions>(f => !f.Enabled && f.Metadata == """{"compute_flavor": "m1.small"}""");
        options.PendingTimeout.Should().Be(TimeSpan.FromMinutes(5));
        options.ReaperInterval.Should().Be(TimeSpan.FromSeconds(30));
        options.AgentCount.Should().Be(3);
        options.AgentHeartbeatInterval.Should().Be(TimeSpan.FromSeconds(5));
        options.AgentDeadAfter.Should().Be(TimeSpan.FromSeconds(20));
        provider.GetRequiredService<IOptions<PlacementOptions>>().Value.Should().Match<PlacementOptions>(p => p.TopK == 3 && !p.AllowProvisioning);
        provider.GetRequiredService<IOptions<DeviceWiringOptions>>().Value.ServiceProjectId.Should().Be("service");
    }

    [Fact]
    public async Task AddLbaas_with_configuration_starts_and_serves_the_configured_flavors()
    {
        await using var provider = Build();

        var service = await provider.StartLbaasAsync();

        service.ListFlavors().Should().HaveCount(2);
        service.ListFlavors()[0].Metadata["loadbalancer_topology"].GetString().Should().Be("ACTIVE_STANDBY");
        service.ListProviders().Select(p => p.Name).Should().Equal("acme", "cheap");
    }

    [Fact]
    public void Bind_twice_replaces_the_lists_instead_of_appending()
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(Json))).Build().GetSection("lbaas");
        var options = new LbaasOptions();

        LbaasConfigurationBinder.Bind(configuration, options);
        LbaasConfigurationBinder.Bind(configuration, options);

        options.Providers.Should().HaveCount(2);
        options.Flavors.Should().HaveCount(2);
    }
}
