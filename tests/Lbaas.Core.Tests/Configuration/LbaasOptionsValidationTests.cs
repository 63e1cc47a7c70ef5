using Lbaas.Configuration;
using Lbaas.Core.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lbaas.Core.Tests.Configuration;

/// <summary>Options are validated at start and every problem is reported at once.</summary>
public sealed class LbaasOptionsValidationTests
{
    private static ServiceProvider Build(Action<LbaasOptions> configure, params RecordingLoadBalancerDriver[] drivers)
    {
        var services = new ServiceCollection();
        services.AddMl2();
        var builder = services.AddLbaas(configure);
        foreach (var driver in drivers)
        {
            builder.AddLoadBalancerDriver(driver);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public async Task StartLbaasAsync_when_providers_flavors_and_timings_are_wrong_lists_every_problem()
    {
        await using var provider = Build(
            o =>
            {
                o.Providers = ["LOADBALANCERV2:a:recording:default", "LOADBALANCERV2:b:ghost:default", "LOADBALANCERV2:c:x:oops"];
                o.Flavors = [new LoadBalancerFlavorOptions { Id = "gold", Provider = "zzz" }];
                o.PendingTimeout = TimeSpan.Zero;
                o.ReaperInterval = TimeSpan.FromSeconds(-1);
                o.AgentCount = 0;
                o.AgentHeartbeatInterval = TimeSpan.FromSeconds(30);
                o.AgentDeadAfter = TimeSpan.FromSeconds(30);
            },
            new RecordingLoadBalancerDriver());

        var act = async () => await provider.StartLbaasAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().Contain(
        [
            "providers[2] 'LOADBALANCERV2:c:x:oops': Invalid provider format. Last part should be 'default' or empty: LOADBALANCERV2:c:x:oops",
            "providers[1] 'LOADBALANCERV2:b:ghost:default': No load-balancer driver named 'ghost' is registered. Registered: recording.",
            "providers: Multiple default providers for service LOADBALANCERV2: 'a', 'b'.",
            "flavors[0] 'gold': Provider 'zzz' is not a configured provider. Configured: a.",
            "PendingTimeout: '00:00:00' must be positive.",
            "ReaperInterval: '-00:00:01' must not be negative (zero turns the reaper timer off).",
            "AgentCount: '0' must be between 1 and 1000.",
            "AgentDeadAfter: '00:00:30' must be longer than AgentHeartbeatInterval ('00:00:30').",
        ]);
        error.Failures.Should().HaveCount(8);
    }

    [Fact]
    public async Task StartLbaasAsync_when_the_retry_settings_are_out_of_range_lists_each_with_the_ml_2_rules()
    {
        await using var provider = Build(
            o =>
            {
                o.Providers = ["LOADBALANCERV2:a:recording:default"];
                o.MaxOperationRetries = 0;
                o.OperationRetryMaxDelay = TimeSpan.FromMilliseconds(1);
                o.OperationRetryDelay = TimeSpan.FromMilliseconds(2);
            },
            new RecordingLoadBalancerDriver());

        var act = async () => await provider.StartLbaasAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().BeEquivalentTo(
        [
            "MaxOperationRetries: '0' must be between 1 and 100.",
            "OperationRetryDelay: '00:00:00.0020000' must not be negative nor more than OperationRetryMaxDelay ('00:00:00.0010000').",
        ]);
    }

    [Fact]
    public void LbaasOptions_retry_defaults_are_ml_2_s()
    {
        var lbaas = new LbaasOptions();
        var ml2 = new Ml2.Configuration.Ml2Options();

        (lbaas.MaxOperationRetries, lbaas.OperationRetryDelay, lbaas.OperationRetryMaxDelay, lbaas.OperationRetryJitter)
            .Should().Be((ml2.MaxOperationRetries, ml2.OperationRetryDelay, ml2.OperationRetryMaxDelay, ml2.OperationRetryJitter));
        lbaas.MaxOperationRetries.Should().Be(10);
    }

    [Fact]
    public void GetService_when_options_are_invalid_throws_on_first_resolve()
    {
        using var provider = Build(o => o.Providers = ["LOADBALANCERV2:a:recording"], new RecordingLoadBalancerDriver());

        var act = () => provider.GetRequiredService<Lbaas.Service.ILoadBalancerService>();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle()
            .Which.Should().Contain("does not have a default service provider");
    }

    [Fact]
    public void Startup_validator_when_a_flavor_is_rejected_by_its_driver_names_the_flavor_and_the_drivers_message()
    {
        using var provider = Build(
            o =>
            {
                o.Providers = ["LOADBALANCERV2:a:recording:default"];
                o.Flavors = [new LoadBalancerFlavorOptions { Id = "gold", Provider = "A", Metadata = """{"compute_flavor": "m1", "amp_image_tag": "x"}""" }];
            },
            new RecordingLoadBalancerDriver());

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle()
            .Which.Should().StartWith("flavors[0] 'gold': Metadata rejected by provider 'a' (driver 'recording'): ")
            .And.Contain("Unsupported flavor metadata key 'amp_image_tag'");
    }

    [Fact]
    public void Startup_validator_when_valid_passes()
    {
        using var provider = Build(o => o.Providers = ["LOADBALANCERV2:a:recording:default"], new RecordingLoadBalancerDriver());

        var act = () => provider.GetRequiredService<IStartupValidator>().Validate();

        act.Should().NotThrow();
    }
}
