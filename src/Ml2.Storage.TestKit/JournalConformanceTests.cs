using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Ml2.Journal;
using Ml2.Plugin;

namespace Ml2.Storage.TestKit;

/// <summary>
/// The journal table: appends commit or roll back with the operation, and every state change is a compare-and-set
/// that only the worker holding the entry can make, so two controller instances never both deliver an entry.
/// </summary>
/// <typeparam name="TDatabase">What names one database of the store (see <see cref="StoreTarget{TDatabase}"/>).</typeparam>
/// <param name="target">The store under test.</param>
public abstract class JournalConformanceTests<TDatabase>(StoreTarget<TDatabase> target) : StoreSuite<TDatabase>(target)
    where TDatabase : notnull
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An append is private until commit and gone on rollback, while sequence numbers keep increasing.</summary>
    [Fact]
    public async Task Append_IsPrivateUntilCommit_AndGoneOnRollback_WhileSequencesKeepIncreasing()
    {
        var first = await WriteAsync(j => j.AppendAsync(Draft("r0")));
        long rolledBack;
        var tx = await Store.BeginTransactionAsync();
        await using (tx)
        {
            rolledBack = await tx.Journal.AppendAsync(Draft("r1"));
            (await tx.Journal.FindAsync(rolledBack)).Should().NotBeNull("a transaction reads its own writes");
            (await ReadAsync(j => j.FindAsync(rolledBack))).Should().BeNull("readers see committed state only");
        }

        (await ReadAsync(j => j.FindAsync(rolledBack))).Should().BeNull();
        var committed = await WriteAsync(j => j.AppendAsync(Draft("r2")));
        committed.Should().BeGreaterThan(first, "sequences increase over committed entries (a rolled-back number may be reused)");
        var row = (await ReadAsync(j => j.FindAsync(committed)))!;
        row.Should().BeEquivalentTo(new
        {
            Sequence = committed, Driver = "odl", ResourceId = "r2", State = JournalEntryState.Pending, Attempts = 0,
            CreatedAt = T0, NextAttemptAt = T0, LockedBy = (string?)null, LockedAt = (DateTimeOffset?)null, LastError = (string?)null, CompletedAt = (DateTimeOffset?)null,
        });
        row.DependsOn.Should().Equal("net");
    }

    /// <summary>Journal writes through a read-only transaction throw.</summary>
    [Fact]
    public async Task Writes_ThroughAReadOnlyTransaction_Throw()
    {
        var tx = await Store.BeginReadOnlyTransactionAsync();
        await using (tx)
        {
            var act = async () => await tx.Journal.AppendAsync(Draft("r1"));
            await act.Should().ThrowAsync<InvalidOperationException>();
        }
    }

    /// <summary><c>TryClaim</c> is a compare-and-set on an entry that is pending and due.</summary>
    [Fact]
    public async Task TryClaim_IsACompareAndSet_OnPendingAndDue()
    {
        var seq = await WriteAsync(j => j.AppendAsync(Draft("r1") with { CreatedAt = T0.AddSeconds(10) }));

        (await WriteAsync(j => j.TryClaimAsync(seq, "w1", T0))).Should().BeFalse("not due yet");
        (await WriteAsync(j => j.TryClaimAsync(seq, "w1", T0.AddSeconds(10)))).Should().BeTrue();
        (await WriteAsync(j => j.TryClaimAsync(seq, "w2", T0.AddSeconds(11)))).Should().BeFalse("already processing");
        (await WriteAsync(j => j.TryClaimAsync(999, "w2", T0.AddSeconds(11)))).Should().BeFalse("no such row");

        var row = (await ReadAsync(j => j.FindAsync(seq)))!;
        row.State.Should().Be(JournalEntryState.Processing);
        row.LockedBy.Should().Be("w1");
        row.LockedAt.Should().Be(T0.AddSeconds(10));
        row.Attempts.Should().Be(1);
    }

    /// <summary><c>Complete</c>, <c>Retry</c> and <c>Fail</c> apply only for the worker holding the entry's lock.</summary>
    [Fact]
    public async Task CompleteRetryAndFail_OnlyApplyForTheWorkerHoldingTheLock()
    {
        var seq = await WriteAsync(j => j.AppendAsync(Draft("r1")));
        (await WriteAsync(j => j.CompleteAsync(seq, "w1", T0))).Should().BeFalse("not claimed");
        await WriteAsync(j => j.TryClaimAsync(seq, "w1", T0));

        (await WriteAsync(j => j.CompleteAsync(seq, "w2", T0))).Should().BeFalse();
        (await WriteAsync(j => j.RetryLaterAsync(seq, "w2", "e", T0))).Should().BeFalse();
        (await WriteAsync(j => j.FailAsync(seq, "w2", "e", T0))).Should().BeFalse();

        (await WriteAsync(j => j.RetryLaterAsync(seq, "w1", "boom", T0.AddSeconds(5)))).Should().BeTrue();
        var retried = (await ReadAsync(j => j.FindAsync(seq)))!;
        retried.Should().BeEquivalentTo(new { State = JournalEntryState.Pending, NextAttemptAt = T0.AddSeconds(5), LastError = "boom", LockedBy = (string?)null, LockedAt = (DateTimeOffset?)null, Attempts = 1 });

        await WriteAsync(j => j.TryClaimAsync(seq, "w1", T0.AddSeconds(5)));
        (await WriteAsync(j => j.FailAsync(seq, "w1", "gone", T0.AddSeconds(6)))).Should().BeTrue();
        var failed = (await ReadAsync(j => j.FindAsync(seq)))!;
        failed.Should().BeEquivalentTo(new { State = JournalEntryState.Failed, LastError = "gone", CompletedAt = (DateTimeOffset?)T0.AddSeconds(6), Attempts = 2, LockedBy = (string?)null });
        (await WriteAsync(j => j.CompleteAsync(seq, "w1", T0))).Should().BeFalse("failed is terminal");

        var other = await WriteAsync(j => j.AppendAsync(Draft("r2")));
        await WriteAsync(j => j.TryClaimAsync(other, "w1", T0));
        (await WriteAsync(j => j.CompleteAsync(other, "w1", T0.AddSeconds(1)))).Should().BeTrue();
        (await ReadAsync(j => j.FindAsync(other)))!.Should().BeEquivalentTo(new { State = JournalEntryState.Completed, CompletedAt = (DateTimeOffset?)T0.AddSeconds(1), LockedBy = (string?)null });
    }

    /// <summary><c>ListUnfinished</c> returns the pending and processing entries of one driver, oldest first, up to the limit.</summary>
    [Fact]
    public async Task ListUnfinished_ReturnsPendingAndProcessingOfOneDriver_OldestFirst_UpToTheLimit()
    {
        var s1 = await WriteAsync(j => j.AppendAsync(Draft("r1")));
        var s2 = await WriteAsync(j => j.AppendAsync(Draft("r2") with { CreatedAt = T0.AddHours(1) }));
        var s3 = await WriteAsync(j => j.AppendAsync(Draft("r3")));
        await WriteAsync(j => j.AppendAsync(Draft("x") with { Driver = "other" }));
        var s5 = await WriteAsync(j => j.AppendAsync(Draft("r5")));
        await WriteAsync(j => j.TryClaimAsync(s1, "w", T0));
        await WriteAsync(j => j.TryClaimAsync(s3, "w", T0));
        await WriteAsync(j => j.CompleteAsync(s3, "w", T0));

        (await ReadAsync(j => j.ListUnfinishedAsync("odl", 10))).Select(e => e.Sequence).Should().Equal(s1, s2, s5);
        (await ReadAsync(j => j.ListUnfinishedAsync("odl", 2))).Select(e => e.Sequence).Should().Equal(s1, s2);
        (await ReadAsync(j => j.ListAsync(JournalEntryState.Completed, 10))).Select(e => e.Sequence).Should().Equal(s3);
        (await ReadAsync(j => j.ListAsync(null, 10))).Should().HaveCount(5);
    }

    /// <summary><c>ReleaseStale</c> and <c>PurgeCompleted</c> act on strictly earlier times only.</summary>
    [Fact]
    public async Task ReleaseStale_AndPurgeCompleted_UseStrictlyEarlierTimes()
    {
        var stale = await WriteAsync(j => j.AppendAsync(Draft("r1")));
        var fresh = await WriteAsync(j => j.AppendAsync(Draft("r2")));
        var done = await WriteAsync(j => j.AppendAsync(Draft("r3")));
        await WriteAsync(j => j.TryClaimAsync(stale, "w", T0));
        await WriteAsync(j => j.TryClaimAsync(fresh, "w", T0.AddSeconds(10)));
        await WriteAsync(j => j.TryClaimAsync(done, "w", T0));
        await WriteAsync(j => j.CompleteAsync(done, "w", T0.AddSeconds(1)));

        (await WriteAsync(j => j.ReleaseStaleAsync(T0))).Should().Be(0);
        (await WriteAsync(j => j.ReleaseStaleAsync(T0.AddSeconds(10)))).Should().Be(1);
        (await ReadAsync(j => j.FindAsync(stale)))!.Should().BeEquivalentTo(new { State = JournalEntryState.Pending, LockedBy = (string?)null, Attempts = 1 });
        (await ReadAsync(j => j.FindAsync(fresh)))!.State.Should().Be(JournalEntryState.Processing);

        (await WriteAsync(j => j.PurgeCompletedAsync(T0.AddSeconds(1)))).Should().Be(0);
        (await WriteAsync(j => j.PurgeCompletedAsync(T0.AddSeconds(2)))).Should().Be(1);
        (await ReadAsync(j => j.FindAsync(done))).Should().BeNull();
        (await ReadAsync(j => j.ListAsync(null, 10))).Should().HaveCount(2);
    }

    private static JournalEntryDraft Draft(string resourceId) =>
        new("odl", JournalResourceType.Port, resourceId, JournalOperation.Create, ["net"], "{}", null, T0);

    /// <summary>Racing workers claim each entry exactly once.</summary>
    [Fact]
    public async Task Racing_workers_claim_each_entry_exactly_once()
    {
        var sequences = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            sequences.Add(await WriteAsync(j => j.AppendAsync(Draft($"r{i}"))));
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var mine = new List<long>();
            foreach (var seq in sequences)
            {
                if (await CommitWithRetryAsync(tx => tx.Journal.TryClaimAsync(seq, $"w{w}", T0)))
                {
                    mine.Add(seq);
                }
            }

            return mine;
        })));

        claims.SelectMany(c => c).Should().BeEquivalentTo(sequences, "every entry is claimed by exactly one worker");
    }

    /// <summary>Two instances deliver each journaled change once in dependency order.</summary>
    [Fact]
    public async Task Two_instances_deliver_each_journaled_change_once_in_dependency_order()
    {
        var deliveries = new ConcurrentQueue<JournalEntry>();
        await using var first = await ConformanceHost.StartAsync(Target, Database, seed: 7, new CountingJournaledDriver(deliveries));
        await using var second = await ConformanceHost.StartAsync(Target, Database, seed: 8, new CountingJournaledDriver(deliveries));
        var admin = CallerContext.Admin("tenant-a");
        var network = await first.Plugin.CreateNetworkAsync(admin, new NetworkCreateRequest { Name = "journaled" });
        var ports = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var host = i % 2 == 0 ? first : second;
            ports.Add((await host.Plugin.CreatePortAsync(admin, new PortCreateRequest { NetworkId = network.Id })).Id);
        }

        await second.Plugin.DeletePortAsync(admin, ports[0]);
        var journals = new[] { first.Services.GetRequiredService<IJournal>(), second.Services.GetRequiredService<IJournal>() };
        for (var pass = 0; pass < 50 && (await journals[0].ListAsync(JournalEntryState.Pending)).Count + (await journals[0].ListAsync(JournalEntryState.Processing)).Count > 0; pass++)
        {
            await Task.WhenAll(journals.Select(j => Task.Run(async () => await j.RunOnceAsync())));
        }

        var delivered = deliveries.ToList();
        delivered.Should().HaveCount(12, "one network create, ten port creates and one port delete");
        delivered.Select(e => e.Sequence).Should().OnlyHaveUniqueItems("no entry is delivered by both instances");
        delivered[0].ResourceId.Should().Be(network.Id, "ports wait for their network");
        delivered.FindIndex(e => e.ResourceId == ports[0] && e.Operation == JournalOperation.Delete)
            .Should().BeGreaterThan(delivered.FindIndex(e => e.ResourceId == ports[0] && e.Operation == JournalOperation.Create));
        (await journals[1].ListAsync(JournalEntryState.Completed)).Should().HaveCount(12);
    }

    private async Task<T> WriteAsync<T>(Func<IJournalRepository, ValueTask<T>> write) => await CommitAsync(tx => write(tx.Journal));

    private async Task<T> ReadAsync<T>(Func<IJournalRepository, ValueTask<T>> read) => await ReadAsync(tx => read(tx.Journal));

    /// <summary>A journaled driver; both instances' copies record into one queue.</summary>
    private sealed class CountingJournaledDriver(ConcurrentQueue<JournalEntry> deliveries) : IJournaledMechanismDriver
    {
        public string Name => "counting-journal";

        public ValueTask DeliverAsync(JournalEntry entry, CancellationToken cancellationToken)
        {
            deliveries.Enqueue(entry);
            return default;
        }
    }
}
