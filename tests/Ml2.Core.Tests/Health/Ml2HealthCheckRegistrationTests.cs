using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Health;

namespace Ml2.Core.Tests.Health;

/// <summary>AddMl2Checks: names, tags, idempotence, thresholds from configuration and their validation.</summary>
public sealed class Ml2HealthCheckRegistrationTests
{
    [Fact]
    public async Task AddMl2Checks_called_twice_registers_each_check_once_tagged_ready_and_not_live()
    {
        var services = new ServiceCollection();
        services.AddMl2();
        services.AddHealthChecks().AddMl2Checks().AddMl2Checks(o => o.JournalMaxPending = 7);
        await using var provider = services.BuildServiceProvider();

        var registrations = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        registrations.Select(r => r.Name).Should().Equal(Ml2HealthChecks.StoreCheckName, Ml2HealthChecks.JournalCheckName);
        registrations.Should().OnlyContain(r => r.Tags.SetEquals(new[] { Ml2HealthChecks.Ml2Tag, Ml2HealthChecks.ReadyTag }));
        registrations.Should().OnlyContain(r => r.FailureStatus == HealthStatus.Unhealthy);
        report.Status.Should().Be(HealthStatus.Healthy);
        provider.GetRequiredService<IOptions<Ml2HealthCheckOptions>>().Value.JournalMaxPending.Should().Be(7, "the second call's thresholds still apply");
    }

    [Fact]
    public async Task AddMl2_with_configuration_binds_the_health_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ml2:health:journal_max_pending"] = "250",
            ["ml2:health:journal_max_pending_age"] = "00:15:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddMl2(configuration.GetSection("ml2"));
        services.AddHealthChecks().AddMl2Checks();
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<Ml2HealthCheckOptions>>().Value;

        options.JournalMaxPending.Should().Be(250);
        options.JournalMaxPendingAge.Should().Be(TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task Ml2HealthCheckOptions_defaults_are_documented()
    {
        var services = new ServiceCollection();
        services.AddMl2();
        services.AddHealthChecks().AddMl2Checks();
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<Ml2HealthCheckOptions>>().Value;

        options.JournalMaxPending.Should().Be(100);
        options.JournalMaxPendingAge.Should().Be(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Ml2HealthCheckOptions_when_out_of_range_report_every_key_and_value()
    {
        var services = new ServiceCollection();
        services.AddMl2();
        services.AddHealthChecks().AddMl2Checks(o =>
        {
            o.JournalMaxPending = -1;
            o.JournalMaxPendingAge = TimeSpan.Zero;
        });
        await using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<Ml2HealthCheckOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Failures.Should().Equal(
            "health:journal_max_pending: '-1' must be between 0 and 10000.",
            "health:journal_max_pending_age: '00:00:00' must be positive.");
    }
}
