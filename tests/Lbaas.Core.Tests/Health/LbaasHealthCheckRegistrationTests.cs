using Lbaas.Configuration;
using Lbaas.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Ml2.Health;

namespace Lbaas.Core.Tests.Health;

/// <summary>AddLbaasChecks: names, tags, idempotence, the lbaas:health section and its validation.</summary>
public sealed class LbaasHealthCheckRegistrationTests
{
    [Fact]
    public async Task AddLbaasChecks_called_twice_registers_each_check_once_tagged_ready_and_not_live()
    {
        var services = new ServiceCollection();
        services.AddMl2();
        services.AddLbaas(o => o.Providers = ["LOADBALANCERV2:acme:recording:default"])
                .AddLoadBalancerDriver(new RecordingLoadBalancerDriver());
        services.AddHealthChecks().AddLbaasChecks().AddLbaasChecks();
        await using var provider = services.BuildServiceProvider();

        var registrations = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;

        registrations.Select(r => r.Name).Should().Equal(LbaasHealthChecks.AgentsCheckName, LbaasHealthChecks.DevicesCheckName, LbaasHealthChecks.PendingCheckName);
        registrations.Should().OnlyContain(r => r.Tags.SetEquals(new[] { LbaasHealthChecks.LbaasTag, Ml2HealthChecks.ReadyTag }));
    }

    [Fact]
    public async Task AddLbaas_with_configuration_binds_the_health_section_and_validates_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["lbaas:providers"] = "LOADBALANCERV2:acme:recording:default",
            ["lbaas:health:PendingMaxAge"] = "00:07:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddMl2();
        services.AddLbaas(configuration.GetSection("lbaas")).AddLoadBalancerDriver(new RecordingLoadBalancerDriver());
        services.AddHealthChecks().AddLbaasChecks();
        await using var provider = services.BuildServiceProvider();
        var bad = new ServiceCollection();
        bad.AddHealthChecks().AddLbaasChecks(o => o.PendingMaxAge = TimeSpan.FromSeconds(-1));
        await using var badProvider = bad.BuildServiceProvider();

        provider.GetRequiredService<IOptions<LbaasHealthCheckOptions>>().Value.PendingMaxAge.Should().Be(TimeSpan.FromMinutes(7));
        var read = () => badProvider.GetRequiredService<IOptions<LbaasHealthCheckOptions>>().Value;
        read.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal("health:PendingMaxAge: '-00:00:01' must be positive.");
    }
}
