using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Lbaas.Configuration;
using Lbaas.Placement;
using Lbaas.Wiring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Docs.Examples;
using Ml2.Storage.Sqlite;

namespace Ml2.Docs.Tests;

/// <summary>docs/operator-guide.md names every option, and its appsettings.json example binds and validates.</summary>
public sealed partial class OperatorGuideTests
{
    private static readonly string s_guide = GuideFiles.Read("operator-guide.md");

    /// <summary>Each options class and the key prefix the guide writes its options under.</summary>
    private static readonly (Type Type, string Prefix)[] s_roots =
    [
        (typeof(Ml2Options), "ml2:"),
        (typeof(Ml2HealthCheckOptions), "ml2:health:"),
        (typeof(LbaasOptions), "lbaas:"),
        (typeof(LbaasHealthCheckOptions), "lbaas:health:"),
        (typeof(LoadBalancerFlavorOptions), "lbaas:flavors:<n>:"),
        (typeof(LoadBalancerDeviceOptions), "lbaas:devices:<n>:"),
        (typeof(PlacementOptions), "lbaas:placement:"),
        (typeof(DeviceWiringOptions), "lbaas:wiring:"),
        (typeof(SqliteStoreOptions), "SqliteStoreOptions."),
    ];

    public static TheoryData<string> OptionKeys()
    {
        var data = new TheoryData<string>();
        foreach (var (type, prefix) in s_roots)
        {
            foreach (var (key, _) in Keys(type, prefix))
            {
                data.Add(key);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OptionKeys))]
    public void Guide_names_every_option(string key)
    {
        s_guide.Contains($"`{key}`", StringComparison.OrdinalIgnoreCase).Should().BeTrue($"docs/operator-guide.md must document `{key}`");
    }

    [Fact]
    public void Every_public_options_class_is_covered_by_the_guide_test()
    {
        var covered = s_roots.SelectMany(r => Keys(r.Type, r.Prefix).Select(k => k.Owner)).Concat(s_roots.Select(r => r.Type)).ToHashSet();
        var assemblies = new[] { typeof(Ml2Options), typeof(LbaasOptions), typeof(SqliteStoreOptions), typeof(PostgreSqlStoreBuilderExtensions) }
            .Select(t => t.Assembly).Distinct();

        var optionsTypes = assemblies.SelectMany(a => a.GetExportedTypes()).Where(t => t.IsClass && !t.IsAbstract && t.Name.EndsWith("Options", StringComparison.Ordinal));

        optionsTypes.Should().OnlyContain(t => covered.Contains(t), "a new options class must be added to s_roots and to the operator guide");
    }

    [Fact]
    public async Task Appsettings_example_binds_with_add_ml_2_and_add_lbaas_and_validates_without_errors()
    {
        var json = AppsettingsBlock().Match(s_guide);
        json.Success.Should().BeTrue("the guide has a ```json block after '<!-- checked: appsettings.json -->'");
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json.Groups["code"].Value))).Build();

        var services = new ServiceCollection();
        services.AddMl2(configuration.GetSection("ml2"))
                .AddMechanismDriver<ExampleSwitchDriver>()
                .AddTypeDriver<SttTypeDriver>();
        services.AddLbaas(configuration.GetSection("lbaas"))
                .AddLoadBalancerDriver<ExampleAdcDriver>()
                .AddPlacementPolicy<RackAffinityPolicy>();
        await using var sp = services.BuildServiceProvider();

        var start = async () =>
        {
            await sp.StartMl2Async();
            await sp.StartLbaasAsync();   // validates ml2, lbaas, placement and wiring options
        };

        await start.Should().NotThrowAsync();
        var ml2 = sp.GetRequiredService<IOptions<Ml2Options>>().Value;
        ml2.EffectiveTenantNetworkTypes().Should().Equal("vxlan", "stt");
        ml2.MechanismDrivers.Should().Equal("example-switch");
        ml2.Journal.MaxAttempts.Should().Be(8);
        var lbaas = sp.GetRequiredService<IOptions<LbaasOptions>>().Value;
        lbaas.Providers.Should().ContainSingle().Which.Should().Be("LOADBALANCERV2:adc:example-adc:default");
        lbaas.Flavors.Should().ContainSingle().Which.Metadata.Should().Contain("device_kind");
        var placement = sp.GetRequiredService<IOptions<PlacementOptions>>().Value;
        placement.Weights.Should().ContainKey(RackAffinityPolicy.PolicyName).WhoseValue.Should().Be(2);
        sp.GetRequiredService<IOptions<DeviceWiringOptions>>().Value.ServiceProjectId.Should().Be("service");
        var device = sp.GetRequiredService<global::Lbaas.Devices.IDeviceRegistry>().Find("adc-1");
        device.Should().NotBeNull("StartLbaasAsync on-boards lbaas:devices");
        device!.Capacity.Should().Be(new Lbaas.DeviceCapacity(64, 16));
        device.ClusterId.Should().Be("rack-a");
    }

    /// <summary>Every option key of <paramref name="type"/>: its configuration key name (or property name), nested option classes flattened.</summary>
    private static IEnumerable<(string Key, Type Owner)> Keys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = prefix + (property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name);
            var propertyType = property.PropertyType;
            if (propertyType.IsClass && propertyType != typeof(string) && propertyType.Name.EndsWith("Options", StringComparison.Ordinal))
            {
                yield return (key, propertyType);
                foreach (var nested in Keys(propertyType, key + ":"))
                {
                    yield return nested;
                }

                continue;
            }

            yield return (key, type);
        }
    }

    [GeneratedRegex(@"<!-- checked: appsettings.json -->\n```json\n(?<code>.*?)```\n", RegexOptions.Singleline)]
    private static partial Regex AppsettingsBlock();
}
