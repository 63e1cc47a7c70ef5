using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.DependencyInjection;

/// <summary>Options bound from an "ml2" configuration section with Neutron's keys (as an operator's ml2_conf.ini would give them).</summary>
public sealed class Ml2ConfigurationBindingTests
{
    /// <summary>The lists as comma-separated strings, as in ml2_conf.ini.</summary>
    private const string CommaStrings = """
        {
          "ml2": {
            "type_drivers": "flat,vlan,vxlan",
            "tenant_network_types": "vlan,vxlan",
            "mechanism_drivers": "tor,agent",
            "global_physnet_mtu": 9000,
            "path_mtu": 8950,
            "base_mac": "fa:16:3f:00:00:00",
            "unique_mac_addresses_across_networks": true,
            "ml2_type_vlan": { "network_vlan_ranges": "physnet1:100:101,physnet2:200:200" },
            "ml2_type_vxlan": { "vni_ranges": "5000:5001" }
          }
        }
        """;

    /// <summary>The same lists as JSON arrays.</summary>
    private const string Arrays = """
        {
          "ml2": {
            "type_drivers": [ "flat", "vlan", "vxlan" ],
            "tenant_network_types": [ "vlan", "vxlan" ],
            "mechanism_drivers": [ "tor", "agent" ],
            "global_physnet_mtu": 9000,
            "path_mtu": 8950,
            "base_mac": "fa:16:3f:00:00:00",
            "unique_mac_addresses_across_networks": true,
            "ml2_type_vlan": { "network_vlan_ranges": [ "physnet1:100:101", "physnet2:200:200" ] },
            "ml2_type_vxlan": { "vni_ranges": [ "5000:5001" ] }
          }
        }
        """;

    public static TheoryData<string, string> Documents => new()
    {
        { "comma strings", CommaStrings },
        { "arrays", Arrays },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task AddMl2_when_bound_from_neutron_keys_sets_every_option(string shape, string json)
    {
        _ = shape;
        var (provider, _) = Compose(json);
        await using (provider)
        {
            var options = provider.GetRequiredService<IOptions<Ml2Options>>().Value;

            options.EffectiveTypeDrivers().Should().Equal(NetworkTypes.Flat, NetworkTypes.Vlan, NetworkTypes.Vxlan);
            options.EffectiveTenantNetworkTypes().Should().Equal(NetworkTypes.Vlan, NetworkTypes.Vxlan);
            ConfigList.Split(options.MechanismDrivers).Should().Equal("tor", "agent");
            ConfigList.Split(options.Vlan.NetworkVlanRanges).Should().Equal("physnet1:100:101", "physnet2:200:200");
            ConfigList.Split(options.Vxlan.VniRanges).Should().Equal("5000:5001");
            options.GlobalPhysnetMtu.Should().Be(9000);
            options.PathMtu.Should().Be(8950);
            options.BaseMac.Should().Be("fa:16:3f:00:00:00");
            options.UniqueMacAddressesAcrossNetworks.Should().BeTrue();
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task AddMl2_when_bound_from_neutron_keys_the_plugin_follows_the_configuration(string shape, string json)
    {
        _ = shape;
        var (provider, log) = Compose(json);
        await using (provider)
        {
            var plugin = provider.GetRequiredService<IMl2Plugin>();
            var admin = CallerContext.Admin();

            var networks = new List<Network>();
            for (var i = 0; i < 5; i++)
            {
                var created = await plugin.CreateNetworkAsync(CallerContext.Tenant("t"), new NetworkCreateRequest { Name = $"n{i}" });
                networks.Add(await plugin.GetNetworkAsync(admin, created.Id));
            }

            var exhausted = async () => await plugin.CreateNetworkAsync(CallerContext.Tenant("t"), new NetworkCreateRequest());
            var gre = async () => await plugin.CreateNetworkAsync(admin, new NetworkCreateRequest { NetworkType = NetworkTypes.Gre, SegmentationId = 5 });
            var subnet = await plugin.CreateSubnetAsync(admin, new SubnetCreateRequest { NetworkId = networks[0].Id, Cidr = "10.0.0.0/24" });
            var port = await plugin.CreatePortAsync(admin, new PortCreateRequest { NetworkId = networks[0].Id });

            var segments = networks.Select(n => n.Segments.Single().ToProviderSegment()).ToList();
            segments.Take(2).Should().BeEquivalentTo([new ProviderSegment(NetworkTypes.Vlan, "physnet1", 100), new ProviderSegment(NetworkTypes.Vlan, "physnet1", 101)]);
            segments[2].Should().Be(new ProviderSegment(NetworkTypes.Vlan, "physnet2", 200));
            segments.Skip(3).Should().BeEquivalentTo([new ProviderSegment(NetworkTypes.Vxlan, null, 5000), new ProviderSegment(NetworkTypes.Vxlan, null, 5001)]);
            networks.Take(3).Should().OnlyContain(n => n.Mtu == 9000);
            networks.Skip(3).Should().OnlyContain(n => n.Mtu == 8950 - 50, "vxlan MTU = min(global_physnet_mtu, path_mtu) - 20 (IPv4) - 30 (VXLAN)");
            await exhausted.Should().ThrowAsync<NoNetworkAvailableException>();
            (await gre.Should().ThrowAsync<InvalidInputException>()).Which.Detail.Should().Be("network_type value 'gre' not supported");
            subnet.Cidr.Should().Be("10.0.0.0/24");
            port.MacAddress.Should().StartWith("fa:16:3f:");
            log.For("create_network_precommit").Take(2).Should().Equal("tor:create_network_precommit", "agent:create_network_precommit");
        }
    }

    [Fact]
    public async Task AddMl2_when_bound_from_the_same_section_twice_binds_the_lists_once()
    {
        var configuration = Configuration(Arrays).GetSection(Ml2Options.SectionName);
        var log = new CallLog();
        var services = new ServiceCollection();
        services.AddMl2(configuration);
        services.AddMl2(configuration)
            .AddMechanismDriver(new RecordingMechanismDriver("tor", log))
            .AddMechanismDriver(new RecordingMechanismDriver("agent", log));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<Ml2Options>>().Value;

        ConfigList.Split(options.MechanismDrivers).Should().Equal("tor", "agent");
        options.EffectiveTenantNetworkTypes().Should().Equal(NetworkTypes.Vlan, NetworkTypes.Vxlan);
        ConfigList.Split(options.Vlan.NetworkVlanRanges).Should().Equal("physnet1:100:101", "physnet2:200:200");
    }

    [Fact]
    public async Task AddMl2_when_code_configures_after_binding_code_wins()
    {
        var services = new ServiceCollection();
        services.AddMl2(Configuration(Arrays).GetSection(Ml2Options.SectionName), o =>
            {
                o.MechanismDrivers = [];
                o.GlobalPhysnetMtu = 1600;
            });
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<Ml2Options>>().Value;

        options.GlobalPhysnetMtu.Should().Be(1600);
        options.PathMtu.Should().Be(8950);
        options.MechanismDrivers.Should().BeEmpty();
    }

    private static (ServiceProvider Provider, CallLog Log) Compose(string json)
    {
        var log = new CallLog();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddMl2(Configuration(json).GetSection(Ml2Options.SectionName))
            .UseRandomSource(new TestRandom(3))
            .AddMechanismDriver(new RecordingMechanismDriver("agent", log))
            .AddMechanismDriver(new RecordingMechanismDriver("tor", log));
        return (services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }), log);
    }

    private static IConfigurationRoot Configuration(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
}
