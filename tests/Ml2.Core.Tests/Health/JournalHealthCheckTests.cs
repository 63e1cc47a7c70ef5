using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ml2.Configuration;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Core.Tests.Journal;
using Ml2.Health;
using Ml2.Journal;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Health;

/// <summary>The ml2-journal check over the real journal (in-memory store, journaled driver "odl", worker run by hand, manual clock).</summary>
public sealed class JournalHealthCheckTests
{
    private static CallerContext Admin => TestHost.Admin;

    private static JournalTestHost Create(Action<Ml2HealthCheckOptions>? health = null, Action<JournalOptions>? journal = null) =>
        JournalTestHost.Create(journal, services: s => s.AddHealthChecks().AddMl2Checks(health));

    private static Task<HealthReportEntry> CheckAsync(JournalTestHost host) => HealthCheckRunner.RunAsync(host.Host.Services, Ml2HealthChecks.JournalCheckName);

    [Fact]
    public async Task Journal_when_everything_is_delivered_is_healthy()
    {
        await using var host = Create();
        await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });
        await host.Journal.RunOnceAsync();

        var entry = await CheckAsync(host);

        entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
        entry.Data["pending_entries"].Should().Be(0);
        entry.Data["failed_entries"].Should().Be(0);
        entry.Tags.Should().BeEquivalentTo(Ml2HealthChecks.Ml2Tag, Ml2HealthChecks.ReadyTag);
    }

    [Fact]
    public async Task Journal_when_more_entries_pend_than_the_threshold_is_degraded_and_at_the_threshold_healthy()
    {
        await using var host = Create(h => h.JournalMaxPending = 2);
        await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "a" });
        await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "b" });

        var atThreshold = await CheckAsync(host);
        await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "c" });
        var over = await CheckAsync(host);

        atThreshold.Status.Should().Be(HealthStatus.Healthy, atThreshold.Description);
        atThreshold.Data["pending_entries"].Should().Be(2);
        over.Status.Should().Be(HealthStatus.Degraded);
        over.Data["pending_entries"].Should().Be(3);
        over.Description.Should().Contain("more than 2 entries wait for delivery").And.Contain("journal_max_pending");
    }

    [Fact]
    public async Task Journal_when_the_oldest_pending_entry_is_older_than_the_maximum_age_is_degraded_naming_it()
    {
        await using var host = Create(h => h.JournalMaxPendingAge = TimeSpan.FromMinutes(2));
        var network = await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });
        host.Odl.FailWhen = _ => true;   // the controller refuses every delivery; retries keep the entry pending
        await host.Journal.RunOnceAsync();

        host.Time.Advance(TimeSpan.FromMinutes(2));
        var atMaximum = await CheckAsync(host);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var older = await CheckAsync(host);

        atMaximum.Status.Should().Be(HealthStatus.Healthy, atMaximum.Description);
        older.Status.Should().Be(HealthStatus.Degraded);
        older.Data["oldest_pending_age_seconds"].Should().Be(121.0);
        older.Data["oldest_pending"].Should().BeOfType<string>().Which.Should().Contain("odl: Create Network " + network.Id);
        older.Description.Should().Contain("has waited 00:02:01").And.Contain("journal_max_pending_age");
    }

    [Fact]
    public async Task Journal_when_an_entry_failed_for_good_is_unhealthy_naming_the_entry_but_not_the_drivers_error()
    {
        await using var host = Create(journal: j => j.MaxAttempts = 1);
        var network = await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });
        host.Odl.FailWhen = _ => true;
        (await host.Journal.RunOnceAsync()).Failed.Should().Be(1);

        var entry = await CheckAsync(host);

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Data["failed_entries"].Should().Be(1);
        entry.Data["failed"].Should().BeAssignableTo<IEnumerable<string>>().Which.Should().ContainSingle()
            .Which.Should().MatchRegex($"^#\\d+ odl: Create Network {network.Id}$");
        entry.Description.Should().Contain("1 journal entry has failed for good").And.Contain("RequestResyncAsync");
        entry.Description.Should().NotContain("controller unavailable", "the driver's error text stays in the journal");
    }

    [Fact]
    public async Task Journal_when_an_entry_failed_and_others_lag_reports_the_failure()
    {
        await using var host = Create(h => h.JournalMaxPending = 0, j => j.MaxAttempts = 1);
        await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "a" });
        host.Odl.FailWhen = _ => true;
        await host.Journal.RunOnceAsync();
        await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "b" });

        var entry = await CheckAsync(host);

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Data["pending_entries"].Should().Be(1);
    }
}
