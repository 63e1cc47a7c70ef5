using Lbaas.Agents;
using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Devices;
using Lbaas.Placement;
using Lbaas.Service;
using Microsoft.Extensions.DependencyInjection;
using Lbaas;
using Ml2.Plugin;

namespace Lbaas.Core.Tests.DependencyInjection;

/// <summary>AddLbaas: what it registers, that it adds ML2 when needed, and that it is idempotent.</summary>
public sealed class AddLbaasRegistrationTests
{
    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddLbaas_with_add_ml_2_adds_every_part()
    {
        using var provider = Build(s => s.AddMl2().Services.AddLbaas(o => o.Providers = ["LOADBALANCERV2:a:recording:default"]).AddLoadBalancerDriver(new RecordingLoadBalancerDriver()));

        provider.GetRequiredService<IMl2Plugin>().Should().NotBeNull();
        provider.GetRequiredService<ILoadBalancerService>().Should().NotBeNull();
        provider.GetRequiredService<IDeviceRegistry>().Should().NotBeNull();
        provider.GetRequiredService<IDeviceScheduler>().Should().NotBeNull();
        provider.GetRequiredService<ILbaasAgentTransport>().GetType().Name.Should().Be("InProcessAgentTransport");
        provider.GetRequiredService<IAgentStatusSink>().Should().NotBeNull();
        provider.GetServices<IPlacementPolicy>().Should().NotBeEmpty();
    }

    [Fact]
    public void AddLbaas_called_twice_and_after_add_ml_2_registers_each_service_once()
    {
        var services = new ServiceCollection();
        services.AddMl2();
        services.AddLbaas();
        var policies = services.Count(d => d.ServiceType == typeof(IPlacementPolicy));

        services.AddLbaas();

        foreach (var type in new[] { typeof(ILoadBalancerService), typeof(IMl2Plugin), typeof(IDeviceRegistry), typeof(IDeviceScheduler), typeof(ILbaasAgentTransport), typeof(Microsoft.Extensions.Options.IValidateOptions<Lbaas.Configuration.LbaasOptions>) })
        {
            services.Count(d => d.ServiceType == type).Should().Be(1, type.Name);
        }

        services.Count(d => d.ServiceType == typeof(IPlacementPolicy)).Should().Be(policies);
    }

    [Fact]
    public void Builder_adds_drivers_policies_provisioners_and_providers()
    {
        var driver = new RecordingLoadBalancerDriver("x");
        var policy = new RackPolicy();
        using var provider = Build(s => s.AddMl2().Services.AddLbaas()
            .AddLoadBalancerDriver(driver)
            .AddLoadBalancerDriver(driver)
            .AddLoadBalancerDriver(_ => new RecordingLoadBalancerDriver("y"))
            .AddProvider("main", "x", isDefault: true)
            .AddProvider("second", "y")
            .AddPlacementPolicy(policy)
            .AddDeviceProvisioner<NullProvisioner>());

        var service = provider.GetRequiredService<ILoadBalancerService>();

        service.ListProviders().Select(p => (p.Name, p.DriverName, p.IsDefault)).Should().Equal(("main", "x", true), ("second", "y", false));
        provider.GetServices<IPlacementPolicy>().Should().Contain(policy);
        provider.GetServices<IDeviceProvisioner>().Should().ContainSingle().Which.Should().BeOfType<NullProvisioner>();
    }

    [Fact]
    public async Task StartLbaasAsync_starts_agent_monitor_and_reaper_timers_that_disposal_stops()
    {
        var host = await LbaasTestHost.CreateAsync();

        host.Time.ActiveTimers.Should().Be(4, "two agents' heartbeats, the agent monitor and the reaper");
        var agents = host.Transport.Agents;
        agents.Select(a => a.Id).Should().Equal("lbaas-agent-1", "lbaas-agent-2");

        await host.DisposeAsync();

        host.Time.ActiveTimers.Should().Be(0);
        agents.Should().OnlyContain(a => !a.IsRunning);
    }

    [Fact]
    public async Task StartLbaasAsync_without_an_ml_2_plugin_fails_naming_i_ml_2_plugin_and_add_ml_2()
    {
        // Built without ValidateOnBuild (which would already refuse it, naming IMl2Plugin), as a host's container is by default.
        var services = new ServiceCollection();
        services.AddLbaas(o => o.Providers = ["LOADBALANCERV2:a:recording:default"]).AddLoadBalancerDriver(new RecordingLoadBalancerDriver());
        await using var provider = services.BuildServiceProvider();

        provider.GetService<IMl2Plugin>().Should().BeNull("AddLbaas() no longer adds ML2");
        var start = async () => await provider.StartLbaasAsync();

        var error = (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>()).Which;
        error.Failures.Should().ContainSingle().Which.Should().Contain("IMl2Plugin").And.Contain("AddMl2()");
    }

    [Fact]
    public async Task StartLbaasAsync_with_an_ml_2_plugin_passes_the_check()
    {
        await using var provider = Build(s => s.AddMl2().Services.AddLbaas(o => o.Providers = ["LOADBALANCERV2:a:recording:default"]).AddLoadBalancerDriver(new RecordingLoadBalancerDriver()));

        var start = async () => await provider.StartLbaasAsync();

        await start.Should().NotThrowAsync();
        await provider.StopLbaasAsync();
    }

    [Fact]
    public void AddLbaas_when_null_throws()
    {
        var act = () => ((IServiceCollection)null!).AddLbaas();

        act.Should().Throw<ArgumentNullException>();
    }

    private sealed class RackPolicy : IPlacementPolicy
    {
        public string Name => "rack";

        public PlacementVerdict Evaluate(PlacementRequest request, DeviceSnapshot device) => PlacementVerdict.Accept(0.5);
    }

    private sealed class NullProvisioner : IDeviceProvisioner
    {
        public string Provider => "main";

        public ValueTask<Device?> ProvisionAsync(PlacementRequest request, CancellationToken cancellationToken) => ValueTask.FromResult<Device?>(null);
    }
}
