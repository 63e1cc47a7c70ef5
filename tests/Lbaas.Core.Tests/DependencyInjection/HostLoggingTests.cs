using Lbaas.Core.Tests.Infrastructure;
using Lbaas.Devices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lbaas.Core.Tests.DependencyInjection;

/// <summary>AddLbaas never replaces the host's logging: log lines arrive whether AddLogging comes before or after it.</summary>
public sealed class HostLoggingTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Log_lines_reach_the_hosts_provider_whichever_order_add_logging_and_add_lbaas_are_called_in(bool addLoggingFirst)
    {
        var logs = new LogCapture();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        if (addLoggingFirst)
        {
            services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        }

        var driver = new RecordingLoadBalancerDriver();
        services.AddMl2();
        services.AddLbaas(o => o.Providers = [$"LOADBALANCERV2:{LbaasTestHost.Provider}:{driver.Name}:default"]).AddLoadBalancerDriver(driver);
        if (!addLoggingFirst)
        {
            services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        }

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await provider.StartLbaasAsync();
        await provider.GetRequiredService<IDeviceRegistry>().OnboardAsync(LbaasTestHost.NewDevice("dev-1"));

        logs.WithEvent("DeviceOnboarded").Should().ContainSingle().Which.Message.Should().Contain("dev-1");
        logs.WithEvent("AgentStarted").Should().HaveCount(2, "the in-process agents log through the host's logging too");
        logs.Records.Should().NotContain(r => r.FullText.Contains(LbaasTestHost.Password, StringComparison.Ordinal));
    }
}
