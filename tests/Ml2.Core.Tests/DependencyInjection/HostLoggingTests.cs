using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Plugin;

namespace Ml2.Core.Tests.DependencyInjection;

/// <summary>AddMl2 never replaces the host's logging: log lines arrive whether AddLogging comes before or after it.</summary>
public sealed class HostLoggingTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Log_lines_reach_the_hosts_provider_whichever_order_add_logging_and_add_ml_2_are_called_in(bool addLoggingFirst)
    {
        var recorder = new LogCapture();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        if (addLoggingFirst)
        {
            services.AddLogging(b => b.AddProvider(recorder).SetMinimumLevel(LogLevel.Trace));
        }

        var driver = new RecordingMechanismDriver("sw", new CallLog()).FailOn("create_network_postcommit");
        services.AddMl2(o =>
        {
            o.TenantNetworkTypes = ["vxlan"];
            o.Vxlan.VniRanges = ["100:199"];
        }).AddMechanismDriver(driver);
        if (!addLoggingFirst)
        {
            services.AddLogging(b => b.AddProvider(recorder).SetMinimumLevel(LogLevel.Trace));
        }

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var plugin = await provider.StartMl2Async();
        var create = async () => await plugin.CreateNetworkAsync(CallerContext.Tenant("t"), new NetworkCreateRequest { Name = "web" });
        await create.Should().ThrowAsync<Exception>("the driver's create_network_postcommit fails");

        recorder.Records.Should().Contain(l => l.EventId.Name == "MechanismDriverInitialized" && l.Message.Contains("'sw'", StringComparison.Ordinal));
        recorder.Records.Should().Contain(l => l.EventId.Name == "CreatePostcommitFailedDeleting" && l.Level == LogLevel.Error);
    }

    [Fact]
    public void AddMl2_keeps_a_hosts_own_logger_factory()
    {
        var services = new ServiceCollection();
        using var factory = LoggerFactory.Create(_ => { });
        services.AddSingleton<ILoggerFactory>(factory);

        services.AddMl2();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<ILoggerFactory>().Should().BeSameAs(factory);
    }
}
