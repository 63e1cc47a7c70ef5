using Lbaas.Providers;

namespace Lbaas.Core.Tests.Providers;

/// <summary>Neutron's service_provider format, rules and wording.</summary>
public sealed class ServiceProviderParserTests
{
    [Theory]
    [InlineData("LOADBALANCERV2:Acme:acme-driver", "acme", "acme-driver", false)]
    [InlineData("LOADBALANCERV2:acme:acme-driver:", "acme", "acme-driver", false)]
    [InlineData("LOADBALANCERV2:ACME:acme-driver:default", "acme", "acme-driver", true)]
    public void Parse_when_valid_lower_cases_the_name_and_reads_the_default_flag(string entry, string name, string driver, bool isDefault)
    {
        var errors = new List<string>();

        var parsed = ServiceProviderParser.Parse([entry], errors);

        errors.Should().BeEmpty();
        parsed.Should().ContainSingle().Which.Should().Match<ServiceProviderEntry>(e => e.Name == name && e.DriverName == driver && e.IsDefault == isDefault);
    }

    [Theory]
    [InlineData("LOADBALANCERV2:acme:drv:yes", "Invalid provider format. Last part should be 'default' or empty: LOADBALANCERV2:acme:drv:yes")]
    [InlineData("LOADBALANCERV2:acme", "Invalid service provider format")]
    [InlineData("LOADBALANCERV2::drv", "the provider name and the driver must not be empty")]
    [InlineData("FIREWALL:fw:drv", "Service type 'FIREWALL' is not supported")]
    public void Parse_when_invalid_reports_neutrons_wording_with_the_key(string entry, string expected)
    {
        var errors = new List<string>();

        var parsed = ServiceProviderParser.Parse([entry], errors);

        parsed.Should().BeEmpty();
        errors.Should().ContainSingle().Which.Should().StartWith($"providers[0] '{entry}': ").And.Contain(expected);
    }

    [Fact]
    public void Parse_when_name_is_too_long_reports_the_limit()
    {
        var name = new string('n', 256);
        var errors = new List<string>();

        ServiceProviderParser.Parse([$"LOADBALANCERV2:{name}:drv"], errors);

        errors.Should().ContainSingle().Which.Should().Contain($"Provider name {name} is limited by 255 characters");
    }
}
