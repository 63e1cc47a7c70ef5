using Lbaas.Configuration;
using Lbaas.Core.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Lbaas.Core.Tests.Health;

/// <summary>An <see cref="LbaasTestHost"/> with <c>AddHealthChecks().AddLbaasChecks()</c>, and a way to run one check through the real service.</summary>
internal static class HealthHost
{
    public static Task<LbaasTestHost> CreateAsync(
        Action<LbaasHealthCheckOptions>? health = null, Action<LbaasOptions>? configure = null, Action<ILbaasBuilder>? build = null) =>
        LbaasTestHost.CreateAsync(configure, b =>
        {
            b.Services.AddHealthChecks().AddLbaasChecks(health);
            build?.Invoke(b);
        });

    public static async Task<HealthReportEntry> CheckAsync(this LbaasTestHost host, string name)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == name);
        return report.Entries.Should().ContainKey(name).WhoseValue;
    }
}
