using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Journal;
using Ml2.Model;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Journal;

/// <summary>
/// The journal worker's lifetime: the generic host starts it and stops it gracefully (the delivery in progress finishes,
/// or is handed back when the stop is forced; no claim and no tick afterwards); without a host the explicit start and
/// stop do the same.
/// </summary>
public sealed class JournalHostingTests
{
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Generic_host_starts_the_worker_with_the_host_and_it_delivers_on_the_poll_interval()
    {
        var (host, time, odl) = BuildHost();
        using (host)
        {
            time.ActiveTimers.Should().Be(0);

            await host.StartAsync();
            time.ActiveTimers.Should().Be(1, "the host's start started the worker, before any plugin call");
            var network = await Plugin(host).CreateNetworkAsync(CallerContext.Admin("admin"), new NetworkCreateRequest { Name = "web" });
            time.Advance(s_poll);

            await odl.FirstDelivery.Task.WaitAsync(s_timeout);
            odl.Delivered.Should().ContainSingle().Which.ResourceId.Should().Be(network.Id);
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Generic_host_stop_lets_the_delivery_in_progress_finish_claims_nothing_more_and_no_timer_fires_afterwards()
    {
        var (host, time, odl) = BuildHost();
        using (host)
        {
            var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            odl.OnDeliver = async (_, _) =>
            {
                entered.TrySetResult();
                await release.Task;
            };
            await host.StartAsync();
            var first = await Plugin(host).CreateNetworkAsync(CallerContext.Admin("admin"), new NetworkCreateRequest { Name = "first" });
            var second = await Plugin(host).CreateNetworkAsync(CallerContext.Admin("admin"), new NetworkCreateRequest { Name = "second" });
            time.Advance(s_poll);
            await entered.Task.WaitAsync(s_timeout);

            var stop = host.StopAsync();
            stop.IsCompleted.Should().BeFalse("the host's stop waits for the delivery in progress");
            release.SetResult();
            await stop.WaitAsync(s_timeout);

            var entries = await Journal(host).ListAsync(limit: 10);
            entries.Single(e => e.ResourceId == first.Id).State.Should().Be(JournalEntryState.Completed, "the delivery in progress finished");
            var left = entries.Single(e => e.ResourceId == second.Id);
            left.State.Should().Be(JournalEntryState.Pending, "a stopping worker claims nothing more");
            left.Attempts.Should().Be(0);
            left.LockedBy.Should().BeNull();
            time.ActiveTimers.Should().Be(0);
            time.Advance(20 * s_poll);
            odl.Attempts.Should().ContainSingle("no timer fires after the stop");
        }
    }

    [Fact]
    public async Task Generic_host_stop_that_is_forced_cancels_the_delivery_and_hands_its_entry_back()
    {
        var (host, time, odl) = BuildHost();
        using (host)
        {
            var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            odl.OnDeliver = async (_, ct) =>
            {
                entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            };
            await host.StartAsync();
            var network = await Plugin(host).CreateNetworkAsync(CallerContext.Admin("admin"), new NetworkCreateRequest { Name = "web" });
            time.Advance(s_poll);
            await entered.Task.WaitAsync(s_timeout);
            (await Journal(host).ListAsync(limit: 10)).Single().State.Should().Be(JournalEntryState.Processing);

            using var shutdownTimeout = new CancellationTokenSource();
            var stop = host.StopAsync(shutdownTimeout.Token);
            stop.IsCompleted.Should().BeFalse();
            await shutdownTimeout.CancelAsync();
            await stop.WaitAsync(s_timeout);

            var entry = (await Journal(host).ListAsync(limit: 10)).Single();
            entry.ResourceId.Should().Be(network.Id);
            entry.State.Should().Be(JournalEntryState.Pending, "the entry is handed back");
            entry.LockedBy.Should().BeNull("its lock is released, so any worker can deliver it at once");
            entry.NextAttemptAt.Should().BeOnOrBefore(time.GetUtcNow());
            entry.LastError.Should().Contain("worker stopped");
            odl.Delivered.Should().BeEmpty();
            time.ActiveTimers.Should().Be(0);
        }
    }

    [Fact]
    public async Task Without_a_host_start_ml_2_async_starts_the_worker_and_stop_ml_2_async_stops_it()
    {
        var time = new ManualTimeProvider();
        var odl = new JournaledRecordingDriver("odl", new CallLog());
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        AddMl2(services, odl);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var plugin = await provider.StartMl2Async();
        time.ActiveTimers.Should().Be(1);
        await plugin.CreateNetworkAsync(CallerContext.Admin("admin"), new NetworkCreateRequest { Name = "web" });
        time.Advance(s_poll);
        await odl.FirstDelivery.Task.WaitAsync(s_timeout);

        await provider.StopMl2Async();
        await provider.StopMl2Async();
        time.ActiveTimers.Should().Be(0);
        await plugin.CreateNetworkAsync(CallerContext.Admin("admin"), new NetworkCreateRequest { Name = "after" });
        time.Advance(20 * s_poll);
        odl.Attempts.Should().ContainSingle("the stopped worker delivers nothing more; plugin calls keep working");
    }

    private static (IHost Host, ManualTimeProvider Time, JournaledRecordingDriver Odl) BuildHost()
    {
        var time = new ManualTimeProvider();
        var odl = new JournaledRecordingDriver("odl", new CallLog());
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<TimeProvider>(time);
        AddMl2(builder.Services, odl);
        return (builder.Build(), time, odl);
    }

    private static void AddMl2(IServiceCollection services, JournaledRecordingDriver odl) =>
        services.AddMl2(o =>
        {
            o.TenantNetworkTypes = ["vxlan"];
            o.Vxlan.VniRanges = ["1000:1999"];
            o.Journal.PollInterval = s_poll;
        }).UseRandomSource(new TestRandom(3)).AddMechanismDriver(odl);

    private static IMl2Plugin Plugin(IHost host) => host.Services.GetRequiredService<IMl2Plugin>();

    private static IJournal Journal(IHost host) => host.Services.GetRequiredService<IJournal>();
}
