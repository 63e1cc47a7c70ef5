using Ml2.Storage.TestKit;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Exceptions;
using Ml2.Storage;

namespace Ml2.Core.Tests.Storage;

/// <summary>Compare-and-set updates and duplicate ids.</summary>
public sealed class InMemoryRepositoryConflictTests
{
    [Fact]
    public async Task UpdateAsync_when_expected_revision_is_stale_throws_concurrency_conflict_with_both_revisions()
    {
        await using var host = TestHost.Create();
        await CommitAsync(host.Store, tx => tx.Networks.AddAsync(ConformanceData.Network("net-1", revision: 3)));

        var transaction = await host.Store.BeginTransactionAsync();
        await using (transaction)
        {
            var act = async () => await transaction.Networks.UpdateAsync(ConformanceData.Network("net-1", revision: 3, name: "stale"), expectedRevision: 2);

            var ex = (await act.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
            ex.ResourceType.Should().Be("Network");
            ex.Id.Should().Be("net-1");
            ex.ExpectedRevision.Should().Be(2);
            ex.ActualRevision.Should().Be(3);
            ex.Message.Should().Contain("expected revision 2").And.Contain("found 3");
            (await transaction.Networks.FindAsync("net-1"))!.Name.Should().Be("net-net-1");
        }
    }

    [Fact]
    public async Task UpdateAsync_when_an_earlier_update_in_the_same_transaction_bumped_the_revision_compares_against_the_pending_revision()
    {
        await using var host = TestHost.Create();
        await CommitAsync(host.Store, tx => tx.Subnets.AddAsync(ConformanceData.Subnet("subnet-1", "net-1")));

        var transaction = await host.Store.BeginTransactionAsync();
        await using (transaction)
        {
            await transaction.Subnets.UpdateAsync(ConformanceData.Subnet("subnet-1", "net-1") with { RevisionNumber = 2, Name = "second" }, expectedRevision: 1);
            var stale = async () => await transaction.Subnets.UpdateAsync(ConformanceData.Subnet("subnet-1", "net-1") with { RevisionNumber = 2, Name = "lost" }, expectedRevision: 1);

            var ex = (await stale.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
            ex.ExpectedRevision.Should().Be(1);
            ex.ActualRevision.Should().Be(2);
            await transaction.Subnets.UpdateAsync(ConformanceData.Subnet("subnet-1", "net-1") with { RevisionNumber = 3, Name = "third" }, expectedRevision: 2);
            (await transaction.Subnets.FindAsync("subnet-1"))!.Name.Should().Be("third");
        }
    }

    [Fact]
    public async Task UpdateAsync_when_resource_is_gone_throws_concurrency_conflict_without_actual_revision()
    {
        await using var host = TestHost.Create();

        var transaction = await host.Store.BeginTransactionAsync();
        await using (transaction)
        {
            var act = async () => await transaction.Ports.UpdateAsync(ConformanceData.Port("port-x", "net-1"), expectedRevision: 1);

            var ex = (await act.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
            ex.ResourceType.Should().Be("Port");
            ex.ExpectedRevision.Should().Be(1);
            ex.ActualRevision.Should().BeNull();
            ex.Message.Should().Contain("found none");
        }
    }

    [Fact]
    public async Task AddAsync_when_id_exists_in_committed_state_throws_conflict()
    {
        await using var host = TestHost.Create();
        await CommitAsync(host.Store, tx => tx.Networks.AddAsync(ConformanceData.Network("net-1")));

        var transaction = await host.Store.BeginTransactionAsync();
        await using (transaction)
        {
            var act = async () => await transaction.Networks.AddAsync(ConformanceData.Network("net-1", name: "duplicate"));

            var ex = (await act.Should().ThrowAsync<ConflictException>()).Which;
            ex.Should().NotBeOfType<ConcurrencyConflictException>();
            ex.Message.Should().Contain("net-1");
            (await transaction.Networks.FindAsync("net-1"))!.Name.Should().Be("net-net-1");
        }
    }

    [Fact]
    public async Task AddAsync_when_id_was_added_earlier_in_the_same_transaction_throws_conflict()
    {
        await using var host = TestHost.Create();

        var transaction = await host.Store.BeginTransactionAsync();
        await using (transaction)
        {
            await transaction.Ports.AddAsync(ConformanceData.Port("port-1", "net-1"));
            var act = async () => await transaction.Ports.AddAsync(ConformanceData.Port("port-1", "net-2"));

            (await act.Should().ThrowAsync<ConflictException>()).Which.Message.Should().Contain("port-1");
        }
    }

    [Fact]
    public async Task AddAsync_when_id_was_removed_earlier_in_the_same_transaction_adds_it()
    {
        await using var host = TestHost.Create();
        await CommitAsync(host.Store, tx => tx.Networks.AddAsync(ConformanceData.Network("net-1")));

        await CommitAsync(host.Store, async tx =>
        {
            (await tx.Networks.RemoveAsync("net-1")).Should().BeTrue();
            await tx.Networks.AddAsync(ConformanceData.Network("net-1", name: "again"));
        });

        var reader = await host.Store.BeginReadOnlyTransactionAsync();
        await using (reader)
        {
            (await reader.Networks.FindAsync("net-1"))!.Name.Should().Be("again");
        }
    }

    private static async Task CommitAsync(IMl2Store store, Func<IMl2Transaction, ValueTask> work)
    {
        var transaction = await store.BeginTransactionAsync();
        await using (transaction)
        {
            await work(transaction);
            await transaction.CommitAsync();
        }
    }
}
