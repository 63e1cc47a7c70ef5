using Ml2.Core.Tests.Infrastructure;
using Ml2.Journal;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Journal;

/// <summary>The journal worker: dependency order, retries on the injected clock, terminal failure, stale locks, retention, re-sync.</summary>
public sealed class JournalWorkerTests
{
    private static CallerContext Admin => TestHost.Admin;

    [Fact]
    public async Task Deliveries_follow_dependency_order_even_when_the_driver_fails_the_first_attempts()
    {
        await using var host = JournalTestHost.Create(j => j.MaxAttempts = 10);
        var plugin = host.Host.Plugin;
        var network = await plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });
        var port = await plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id });
        await plugin.DeletePortAsync(Admin, port.Id);
        await plugin.DeleteNetworkAsync(Admin, network.Id);
        // Every entry fails its first attempt; the network create fails its first three.
        host.Odl.FailWhen = e => e.Attempts == 1 || (e.ResourceType == JournalResourceType.Network && e.Operation == JournalOperation.Create && e.Attempts <= 3);

        await host.DrainAsync(TimeSpan.FromSeconds(1));

        host.Odl.Delivered.Select(e => (e.ResourceType, e.Operation)).Should().Equal(
            (JournalResourceType.Network, JournalOperation.Create),
            (JournalResourceType.Port, JournalOperation.Create),
            (JournalResourceType.Port, JournalOperation.Delete),
            (JournalResourceType.Network, JournalOperation.Delete));
        var attempts = host.Odl.Attempts.OrderBy(a => a.Order).ToList();
        for (var i = 1; i < host.Odl.Delivered.Count; i++)
        {
            var previousSuccess = attempts.Single(a => a.Succeeded && a.Entry.Sequence == host.Odl.Delivered[i - 1].Sequence).Order;
            var firstTry = attempts.First(a => a.Entry.Sequence == host.Odl.Delivered[i].Sequence).Order;
            firstTry.Should().BeGreaterThan(previousSuccess, $"entry {i} must not be tried before entry {i - 1} is delivered");
        }

        attempts.Count(a => !a.Succeeded).Should().Be(6);
        (await host.EntriesAsync()).Should().OnlyContain(e => e.State == JournalEntryState.Completed);
    }

    [Fact]
    public async Task Independent_resources_are_not_held_back_by_a_failing_one()
    {
        await using var host = JournalTestHost.Create();
        var a = await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "a" });
        var b = await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "b" });
        host.Odl.FailWhen = e => e.ResourceId == a.Id;

        var pass = await host.Journal.RunOnceAsync();

        pass.Should().Be(new JournalPassResult(Delivered: 1, Retried: 1, Failed: 0, ClaimsLost: 0, StaleReleased: 0, Purged: 0));
        host.Odl.Delivered.Should().ContainSingle().Which.ResourceId.Should().Be(b.Id);
    }

    [Fact]
    public async Task Failed_attempts_are_retried_with_exponential_backoff_on_the_injected_clock()
    {
        await using var host = JournalTestHost.Create(j => j.MaxAttempts = 5);
        await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });
        host.Odl.FailWhen = e => e.Attempts <= 2;
        var seq = (await host.EntriesAsync()).Single().Sequence;

        var t0 = host.Time.GetUtcNow();
        (await host.Journal.RunOnceAsync()).Retried.Should().Be(1);
        var afterFirst = await host.EntryAsync(seq);
        afterFirst.State.Should().Be(JournalEntryState.Pending);
        afterFirst.Attempts.Should().Be(1);
        afterFirst.LastError.Should().Contain("controller unavailable");
        afterFirst.NextAttemptAt.Should().BeOnOrAfter(t0 + TimeSpan.FromSeconds(0.5)).And.BeOnOrBefore(t0 + TimeSpan.FromSeconds(1));

        (await host.Journal.RunOnceAsync()).Should().Be(JournalPassResult.Empty, "the entry is not due yet");
        host.Time.Advance(afterFirst.NextAttemptAt - host.Time.GetUtcNow() - TimeSpan.FromTicks(1));
        (await host.Journal.RunOnceAsync()).Should().Be(JournalPassResult.Empty, "one tick before the due time");
        host.Odl.Attempts.Should().HaveCount(1);

        host.Time.Advance(TimeSpan.FromTicks(1));
        var t1 = host.Time.GetUtcNow();
        (await host.Journal.RunOnceAsync()).Retried.Should().Be(1);
        var afterSecond = await host.EntryAsync(seq);
        afterSecond.Attempts.Should().Be(2);
        afterSecond.NextAttemptAt.Should().BeOnOrAfter(t1 + TimeSpan.FromSeconds(1)).And.BeOnOrBefore(t1 + TimeSpan.FromSeconds(2), "the delay doubles");

        host.Time.Advance(afterSecond.NextAttemptAt - host.Time.GetUtcNow());
        (await host.Journal.RunOnceAsync()).Delivered.Should().Be(1);
        var done = await host.EntryAsync(seq);
        done.State.Should().Be(JournalEntryState.Completed);
        done.Attempts.Should().Be(3);
        done.CompletedAt.Should().Be(host.Time.GetUtcNow());
        done.LockedBy.Should().BeNull();
    }

    [Fact]
    public async Task Backoff_is_capped_at_the_maximum_delay()
    {
        await using var host = JournalTestHost.Create(j => j.MaxAttempts = 20);
        await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });
        host.Odl.FailWhen = _ => true;
        var seq = (await host.EntriesAsync()).Single().Sequence;

        for (var i = 0; i < 8; i++)
        {
            var now = host.Time.GetUtcNow();
            await host.Journal.RunOnceAsync();
            var entry = await host.EntryAsync(seq);
            (entry.NextAttemptAt - now).Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(8));
            host.Time.Advance(entry.NextAttemptAt - now);
        }

        (await host.EntryAsync(seq)).Attempts.Should().Be(8);
    }

    [Fact]
    public async Task An_entry_that_keeps_failing_fails_for_good_after_max_attempts_and_stops_blocking_later_entries()
    {
        await using var host = JournalTestHost.Create(j => j.MaxAttempts = 3);
        var network = await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });
        var port = await host.Host.Plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = network.Id });
        host.Odl.FailWhen = e => e.ResourceId == network.Id;

        await host.DrainAsync(TimeSpan.FromSeconds(1));

        var entries = await host.EntriesAsync();
        var failed = entries.Single(e => e.ResourceId == network.Id);
        failed.State.Should().Be(JournalEntryState.Failed);
        failed.Attempts.Should().Be(3);
        failed.LastError.Should().Contain("controller unavailable");
        failed.CompletedAt.Should().NotBeNull();
        host.Odl.Attempts.Count(a => a.Entry.ResourceId == network.Id).Should().Be(3);
        host.Odl.Delivered.Should().ContainSingle().Which.ResourceId.Should().Be(port.Id);
        var firstPortTry = host.Odl.Attempts.Where(a => a.Entry.ResourceId == port.Id).Min(a => a.Order);
        firstPortTry.Should().BeGreaterThan(host.Odl.Attempts.Where(a => a.Entry.ResourceId == network.Id).Max(a => a.Order), "the port waits until the network entry is finished");
        (await host.Journal.ListAsync(JournalEntryState.Failed)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_claim_held_by_a_dead_worker_is_released_after_the_lock_timeout_and_delivered_again()
    {
        await using var host = JournalTestHost.Create(j => j.LockTimeout = TimeSpan.FromSeconds(30));
        await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });
        var seq = (await host.EntriesAsync()).Single().Sequence;
        var transaction = await host.Store.BeginTransactionAsync();
        await using (transaction)
        {
            (await transaction.Journal.TryClaimAsync(seq, "dead-worker", host.Time.GetUtcNow())).Should().BeTrue();
            await transaction.CommitAsync();
        }

        (await host.Journal.RunOnceAsync()).Should().Be(JournalPassResult.Empty, "the dead worker's lock is still fresh");
        host.Time.Advance(TimeSpan.FromSeconds(30));
        (await host.Journal.RunOnceAsync()).Should().Be(JournalPassResult.Empty, "a lock exactly as old as the timeout is not stale yet");

        host.Time.Advance(TimeSpan.FromSeconds(1));
        var pass = await host.Journal.RunOnceAsync();

        pass.StaleReleased.Should().Be(1);
        pass.Delivered.Should().Be(1);
        var entry = await host.EntryAsync(seq);
        entry.State.Should().Be(JournalEntryState.Completed);
        entry.Attempts.Should().Be(2);
        host.Odl.DeliveryCounts[seq].Should().Be(1);
        var late = await host.Store.BeginTransactionAsync();
        await using (late)
        {
            (await late.Journal.CompleteAsync(seq, "dead-worker", host.Time.GetUtcNow())).Should().BeFalse("the dead worker no longer holds the entry");
        }
    }

    [Fact]
    public async Task Completed_entries_are_purged_after_the_retention_failed_ones_are_kept()
    {
        await using var host = JournalTestHost.Create(j =>
        {
            j.Retention = TimeSpan.FromHours(1);
            j.MaxAttempts = 1;
        });
        var kept = await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "fails" });
        await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "ok" });
        host.Odl.FailWhen = e => e.ResourceId == kept.Id;
        (await host.Journal.RunOnceAsync()).Should().Be(new JournalPassResult(1, 0, 1, 0, 0, 0));

        host.Time.Advance(TimeSpan.FromMinutes(59));
        (await host.Journal.RunOnceAsync()).Purged.Should().Be(0);
        (await host.EntriesAsync()).Should().HaveCount(2);

        host.Time.Advance(TimeSpan.FromMinutes(2));
        (await host.Journal.RunOnceAsync()).Purged.Should().Be(1);
        (await host.EntriesAsync()).Should().ContainSingle().Which.State.Should().Be(JournalEntryState.Failed);
    }

    [Fact]
    public async Task Request_resync_calls_the_driver_with_every_committed_resource()
    {
        await using var host = JournalTestHost.Create();
        var plugin = host.Host.Plugin;
        var n1 = await plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "a" });
        var n2 = await plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "b" });
        var s1 = await plugin.CreateSubnetAsync(Admin, new SubnetCreateRequest { NetworkId = n1.Id, Cidr = "10.0.0.0/24" });
        var p1 = await plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = n1.Id });
        var p2 = await plugin.CreatePortAsync(Admin, new PortCreateRequest { NetworkId = n2.Id });

        await host.Journal.RequestResyncAsync("odl");

        var resync = host.Odl.Resyncs.Should().ContainSingle().Subject;
        resync.Driver.Should().Be("odl");
        resync.Networks.Select(n => n.Id).Should().BeEquivalentTo([n1.Id, n2.Id]);
        resync.Subnets.Select(s => s.Id).Should().Equal(s1.Id);
        resync.Ports.Select(p => p.Id).Should().BeEquivalentTo([p1.Id, p2.Id]);
        resync.ReadAt.Should().Be(host.Time.GetUtcNow());
        (await host.EntriesAsync()).Should().OnlyContain(e => e.State == JournalEntryState.Pending, "a re-sync leaves the journal to be delivered as usual");
    }

    [Theory]
    [InlineData("sw")]
    [InlineData("nope")]
    public async Task Request_resync_of_a_driver_that_is_not_journaled_throws(string name)
    {
        await using var host = JournalTestHost.Create();

        var act = async () => await host.Journal.RequestResyncAsync(name);

        (await act.Should().ThrowAsync<ArgumentException>()).WithMessage($"*'{name}' is not a journaled mechanism driver*odl*");
    }

    [Fact]
    public async Task The_timer_loop_started_with_the_plugin_delivers_on_the_poll_interval()
    {
        await using var host = JournalTestHost.Create(j => j.PollInterval = TimeSpan.FromSeconds(5), runWorker: true);
        host.Time.ActiveTimers.Should().Be(1);
        await host.Host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });

        host.Time.Advance(TimeSpan.FromSeconds(4));
        host.Odl.Attempts.Should().BeEmpty();
        host.Time.Advance(TimeSpan.FromSeconds(1));

        await host.Odl.FirstDelivery.Task.WaitAsync(TimeSpan.FromSeconds(30));
        host.Odl.Delivered.Should().ContainSingle();
    }

    [Fact]
    public async Task The_timer_loop_is_not_started_when_the_worker_is_disabled()
    {
        await using var host = JournalTestHost.Create(runWorker: false);

        host.Time.ActiveTimers.Should().Be(0);
    }

    [Fact]
    public async Task No_journaled_driver_no_timer_and_no_entries()
    {
        await using var host = TestHost.WithRecorders(out _, "sw");
        await host.Plugin.CreateNetworkAsync(Admin, new NetworkCreateRequest { Name = "web" });

        host.Time.ActiveTimers.Should().Be(0);
        var transaction = await host.Store.BeginReadOnlyTransactionAsync();
        await using (transaction)
        {
            (await transaction.Journal.ListAsync(null, 10)).Should().BeEmpty();
        }
    }
}
