using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ml2.Core.Tests.Health;

/// <summary>Runs one registered check through the real <see cref="HealthCheckService"/>, as an endpoint would.</summary>
internal static class HealthCheckRunner
{
    public static async Task<HealthReportEntry> RunAsync(IServiceProvider services, string name)
    {
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == name);
        return report.Entries.Should().ContainKey(name).WhoseValue;
    }
}
