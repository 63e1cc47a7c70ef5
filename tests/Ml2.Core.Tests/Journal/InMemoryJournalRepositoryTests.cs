using Ml2.Journal;
using Ml2.Storage;
using Ml2.Storage.InMemory;

namespace Ml2.Core.Tests.Journal;

/// <summary>
/// The semantics of <see cref="IJournalRepository"/> on the in-memory store: the examples a SQL store's conformance
/// tests should repeat.
/// </summary>
public sealed class InMemoryJournalRepositoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly InMemoryMl2Store _store = new(new TestRandom());

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Append_IsPrivateUntilCommit_AndGoneOnRollback_WhileSequencesKeepIncreasing()
    {
        long rolledBack;
        var tx = await _store.BeginTransactionAsync();
        await using (tx)
        {
            rolledBack = await tx.Journal.AppendAsync(Draft("r1"));
            (await tx.Journal.FindAsync(rolledBack)).Should().NotBeNull("a transaction reads its own writes");
            (await ReadAsync(j => j.FindAsync(rolledBack))).Should().BeNull("readers see committed state only");
        }

        (await ReadAsync(j => j.FindAsync(rolledBack))).Should().BeNull();
        var committed = await WriteAsync(j => j.AppendAsync(Draft("r2")));
        committed.Should().BeGreaterThan(rolledBack);
        var row = (await ReadAsync(j => j.FindAsync(committed)))!;
        row.Should().BeEquivalentTo(new
        {
            Sequence = committed, Driver = "odl", ResourceId = "r2", State = JournalEntryState.Pending, Attempts = 0,
            CreatedAt = T0, NextAttemptAt = T0, LockedBy = (string?)null, LockedAt = (DateTimeOffset?)null, LastError = (string?)null, CompletedAt = (DateTimeOffset?)null,
        });
        row.DependsOn.Should().Equal("net");
    }

    [Fact]
    public async Task Writes_ThroughAReadOnlyTransaction_Throw()
    {
        var tx = await _store.BeginReadOnlyTransactionAsync();
        await using (tx)
        {
            var act = async () => await tx.Journal.AppendAsync(Draft("r1"));
            await act.Should().ThrowAsync<InvalidOperationException>();
        }
    }

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

    private async Task<T> WriteAsync<T>(Func<IJournalRepository, ValueTask<T>> write)
    {
        var tx = await _store.BeginTransactionAsync();
        await using (tx)
        {
            var result = await write(tx.Journal);
            await tx.CommitAsync();
            return result;
        }
    }

    private async Task<T> ReadAsync<T>(Func<IJournalRepository, ValueTask<T>> read)
    {
        var tx = await _store.BeginReadOnlyTransactionAsync();
        await using (tx)
        {
            return await read(tx.Journal);
        }
    }
}
