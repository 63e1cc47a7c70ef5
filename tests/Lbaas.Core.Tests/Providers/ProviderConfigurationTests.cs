using Lbaas.Configuration;
using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Providers;
using Lbaas;

namespace Lbaas.Core.Tests.Providers;

/// <summary>Providers and flavors checked together: defaults, duplicates, drivers, flavor providers and metadata.</summary>
public sealed class ProviderConfigurationTests
{
    private static readonly ILoadBalancerDriver[] s_drivers = [new RecordingLoadBalancerDriver("a-driver"), new RecordingLoadBalancerDriver("b-driver")];

    [Fact]
    public void Build_when_valid_returns_providers_and_flavors_with_parsed_metadata()
    {
        var options = new LbaasOptions
        {
            Providers = ["LOADBALANCERV2:a:a-driver:default", "LOADBALANCERV2:B:b-driver"],
            Flavors = [new LoadBalancerFlavorOptions { Id = "gold", Name = "Gold", Provider = "b", Metadata = """{"loadbalancer_topology": "ACTIVE_STANDBY"}""" }],
        };

        var result = ProviderConfiguration.Build(options, s_drivers);

        result.Errors.Should().BeEmpty();
        result.Providers.Should().Equal(new LoadBalancerProvider("a", "a-driver", true), new LoadBalancerProvider("b", "b-driver", false));
        var flavor = result.Flavors.Should().ContainSingle().Subject;
        flavor.Provider.Should().Be("b");
        flavor.Metadata["loadbalancer_topology"].GetString().Should().Be("ACTIVE_STANDBY");
    }

    [Fact]
    public void Build_when_everything_is_wrong_reports_every_problem_at_once()
    {
        var options = new LbaasOptions
        {
            Providers =
            [
                "LOADBALANCERV2:a:a-driver:default",
                "LOADBALANCERV2:A:b-driver",
                "LOADBALANCERV2:c:a-driver",
                "LOADBALANCERV2:d:missing-driver:default",
                "LOADBALANCERV2:e:b-driver:maybe",
            ],
            Flavors =
            [
                new LoadBalancerFlavorOptions { Id = "", Provider = "a" },
                new LoadBalancerFlavorOptions { Id = "f1", Provider = "nowhere" },
                new LoadBalancerFlavorOptions { Id = "f2", Provider = "a", Metadata = "[1, 2]" },
                new LoadBalancerFlavorOptions { Id = "f3", Provider = "a", Metadata = """{"bogus": 1}""" },
                new LoadBalancerFlavorOptions { Id = "f3", Provider = "a" },
            ],
        };

        var errors = ProviderConfiguration.Build(options, s_drivers).Errors;

        errors.Should().SatisfyRespectively(
            e => e.Should().Be("providers[4] 'LOADBALANCERV2:e:b-driver:maybe': Invalid provider format. Last part should be 'default' or empty: LOADBALANCERV2:e:b-driver:maybe"),
            e => e.Should().Be("providers[1] 'LOADBALANCERV2:A:b-driver': Multiple providers specified for service LOADBALANCERV2; the name 'a' is already used by providers[0]."),
            e => e.Should().Be("providers[2] 'LOADBALANCERV2:c:a-driver': Driver a-driver is not unique across providers; providers[0] uses it too."),
            e => e.Should().Be("providers[3] 'LOADBALANCERV2:d:missing-driver:default': No load-balancer driver named 'missing-driver' is registered. Registered: a-driver, b-driver."),
            e => e.Should().Be("providers: Multiple default providers for service LOADBALANCERV2: 'a', 'd'."),
            e => e.Should().Be("flavors[0]: Id must not be empty."),
            e => e.Should().Be("flavors[1] 'f1': Provider 'nowhere' is not a configured provider. Configured: a."),
            e => e.Should().StartWith("flavors[2] 'f2': Metadata is not a JSON object: "),
            e => e.Should().StartWith("flavors[3] 'f3': Metadata rejected by provider 'a' (driver 'a-driver'): ").And.Contain("Unsupported flavor metadata key 'bogus'"),
            e => e.Should().Be("flavors[4] 'f3': Id is already used by flavors[3]."));
    }

    [Fact]
    public void Build_when_no_entry_is_default_reports_neutrons_missing_default()
    {
        var options = new LbaasOptions { Providers = ["LOADBALANCERV2:a:a-driver"] };

        var errors = ProviderConfiguration.Build(options, s_drivers).Errors;

        errors.Should().ContainSingle().Which.Should().StartWith("providers: Service type LOADBALANCERV2 does not have a default service provider");
    }

    [Fact]
    public void Build_when_no_provider_is_configured_says_how_to_add_one()
    {
        var errors = ProviderConfiguration.Build(new LbaasOptions(), s_drivers).Errors;

        errors.Should().ContainSingle().Which.Should().Be("providers: no provider is configured; add an entry 'LOADBALANCERV2:<name>:<driver>:default'.");
    }

    [Fact]
    public void Build_when_two_drivers_share_a_name_reports_it()
    {
        var options = new LbaasOptions { Providers = ["LOADBALANCERV2:a:a-driver:default"] };

        var errors = ProviderConfiguration.Build(options, [.. s_drivers, new RecordingLoadBalancerDriver("a-driver")]).Errors;

        errors.Should().ContainSingle().Which.Should().Be("load-balancer drivers: driver names must be unique; registered more than once: a-driver.");
    }

    [Fact]
    public void Build_when_drivers_are_not_known_yet_skips_the_driver_checks_only()
    {
        var options = new LbaasOptions { Providers = ["LOADBALANCERV2:a:unknown:default", "LOADBALANCERV2:a:x"] };

        var errors = ProviderConfiguration.Build(options, drivers: null).Errors;

        errors.Should().ContainSingle().Which.Should().Contain("Multiple providers specified");
    }
}
