using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using FluentAssertions.Execution;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Plugin;

namespace Ml2.Core.Tests.DependencyInjection;

/// <summary>Bad options are reported all at once, on first resolve of the plugin and by the start-up validator.</summary>
public sealed class Ml2OptionsValidationTests
{
    private const string BadJson = """
        {
          "ml2": {
            "type_drivers": [ "flat", "vlan", "vxlan" ],
            "tenant_network_types": [ "vlan", "bogus" ],
            "mechanism_drivers": [ "nope1", "agent", "nope2" ],
            "global_physnet_mtu": -1,
            "base_mac": "zz:16:3e:00:00:00",
            "ml2_type_vlan": { "network_vlan_ranges": [ "physnet1:0:10" ] },
            "ml2_type_vxlan": { "vni_ranges": [ "10:5" ] }
          }
        }
        """;

    [Fact]
    public async Task GetRequiredService_when_several_options_are_bad_throws_options_validation_listing_every_problem()
    {
        await using var provider = ComposeBad();

        var act = () => provider.GetRequiredService<IMl2Plugin>();

        var ex = act.Should().Throw<OptionsValidationException>().Which;
        AssertEveryProblemIsListed(ex);
    }

    [Fact]
    public async Task Startup_validator_when_several_options_are_bad_throws_the_same_failures()
    {
        await using var provider = ComposeBad();
        Func<Ml2Options> read = () => provider.GetRequiredService<IOptions<Ml2Options>>().Value;
        var expected = read.Should().Throw<OptionsValidationException>().Which.Failures.ToList();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        var ex = act.Should().Throw<OptionsValidationException>().Which;
        AssertEveryProblemIsListed(ex);
        ex.Failures.Should().BeEquivalentTo(expected);
    }

    [Fact]
    public async Task GetRequiredService_when_only_mechanism_driver_names_are_unknown_lists_them_together()
    {
        await using var provider = ComposeWithUnknownMechanismDrivers();

        var act = () => provider.GetRequiredService<IMl2Plugin>();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should()
            .ContainSingle(f => f.Contains("nope1", StringComparison.Ordinal) && f.Contains("nope2", StringComparison.Ordinal))
            .Which.Should().NotContain("'agent'");
    }

    [Fact]
    public async Task Startup_validator_when_only_mechanism_driver_names_are_unknown_throws()
    {
        await using var provider = ComposeWithUnknownMechanismDrivers();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should()
            .ContainSingle(f => f.Contains("nope1", StringComparison.Ordinal) && f.Contains("nope2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Startup_validator_when_options_are_valid_does_not_throw()
    {
        var services = new ServiceCollection();
        services.AddMl2(o =>
        {
            o.TenantNetworkTypes = ["vlan"];
            o.Vlan.NetworkVlanRanges = ["physnet1:1:4094"];
            o.MechanismDrivers = ["agent"];
        }).AddMechanismDriver(new RecordingMechanismDriver("agent", new CallLog()));
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().NotThrow();
        provider.GetRequiredService<IMl2Plugin>().Should().NotBeNull();
    }

    [Theory]
    [InlineData("physnet1:10:5", "physnet1:10:5")]
    [InlineData("physnet1:10", "physnet1:10")]
    [InlineData(":1:10", ":1:10")]
    [InlineData("physnet1:1:4095", "4095")]
    public async Task GetRequiredService_when_a_vlan_range_is_bad_throws_options_validation_naming_it(string range, string named)
    {
        var services = new ServiceCollection();
        services.AddMl2(o => o.Vlan.NetworkVlanRanges = [range]);
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IMl2Plugin>();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(f => f.Contains(named, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0:10")]
    [InlineData("1:16777216")]
    [InlineData("abc")]
    public async Task GetRequiredService_when_a_vni_range_is_bad_throws_options_validation_naming_it(string range)
    {
        var services = new ServiceCollection();
        services.AddMl2(o => o.Vxlan.VniRanges = [range]);
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IMl2Plugin>();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(f => f.Contains(range, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetRequiredService_when_a_mechanism_driver_is_listed_twice_throws_options_validation()
    {
        var services = new ServiceCollection();
        services.AddMl2(o => o.MechanismDrivers = ["agent", "agent"]).AddMechanismDriver(new RecordingMechanismDriver("agent", new CallLog()));
        await using var provider = services.BuildServiceProvider();

        var act = () => provider.GetRequiredService<IMl2Plugin>();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle(f => f.Contains("agent", StringComparison.Ordinal));
    }

    private static void AssertEveryProblemIsListed(OptionsValidationException ex)
    {
        var failures = ex.Failures.ToList();
        using var scope = new AssertionScope();
        scope.AddReportable("failures", () => string.Join(" | ", failures));
        failures.Should().ContainSingle(f => f.Contains("nope1", StringComparison.Ordinal) && f.Contains("nope2", StringComparison.Ordinal),
            "unknown mechanism drivers are reported together");
        failures.Should().NotContain(f => f.Contains("not found", StringComparison.Ordinal) && f.Contains("'agent'", StringComparison.Ordinal));
        failures.Should().Contain(f => f.Contains("physnet1:0:10", StringComparison.Ordinal) || f.Contains("'0:10'", StringComparison.Ordinal));
        failures.Should().Contain(f => f.Contains("10:5", StringComparison.Ordinal));
        failures.Should().Contain(f => f.Contains("tenant_network_types", StringComparison.Ordinal) && f.Contains("bogus", StringComparison.Ordinal));
        failures.Should().Contain(f => f.Contains("global_physnet_mtu", StringComparison.Ordinal) && f.Contains("-1", StringComparison.Ordinal));
        failures.Should().Contain(f => f.Contains("base_mac", StringComparison.Ordinal) && f.Contains("zz:16:3e:00:00:00", StringComparison.Ordinal));
        ex.Message.Should().Contain("nope1").And.Contain("bogus").And.Contain("base_mac");
    }

    private static ServiceProvider ComposeWithUnknownMechanismDrivers()
    {
        var services = new ServiceCollection();
        services.AddMl2(o => o.MechanismDrivers = ["nope1", "agent", "nope2"]).AddMechanismDriver(new RecordingMechanismDriver("agent", new CallLog()));
        return services.BuildServiceProvider();
    }

    private static ServiceProvider ComposeBad()
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(BadJson))).Build();
        var services = new ServiceCollection();
        services.AddMl2(configuration.GetSection(Ml2Options.SectionName)).AddMechanismDriver(new RecordingMechanismDriver("agent", new CallLog()));
        return services.BuildServiceProvider();
    }
}
