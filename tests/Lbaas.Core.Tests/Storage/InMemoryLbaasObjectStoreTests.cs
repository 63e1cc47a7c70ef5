using Lbaas.Storage;
using Ml2.Exceptions;
using Lbaas;

namespace Lbaas.Core.Tests.Storage;

/// <summary>The in-memory LBaaS object store: atomic transactions, revision compare-and-set, insertion order, one transaction at a time.</summary>
public sealed class InMemoryLbaasObjectStoreTests
{
    private static LoadBalancer NewLoadBalancer(string id) => new() { Id = id, TenantId = "t", VipNetworkId = "n", Provider = "p" };

    [Fact]
    public async Task WriteAsync_when_the_unit_throws_keeps_nothing_it_did()
    {
        using var store = new InMemoryLbaasObjectStore();
        await store.WriteAsync(async w => await w.LoadBalancers.AddAsync(NewLoadBalancer("a")));

        var act = async () => await store.WriteAsync<int>(
            async w =>
            {
                await w.LoadBalancers.AddAsync(NewLoadBalancer("b"));
                await w.LoadBalancers.UpdateAsync((await w.LoadBalancers.FindAsync("a"))! with { Name = "changed" });
                await w.LoadBalancers.RemoveAsync("a");
                throw new InvalidOperationException("abort");
            });

        await act.Should().ThrowAsync<InvalidOperationException>();
        (await store.LoadBalancers.ListAsync()).Should().ContainSingle().Which.Should().Match<LoadBalancer>(lb => lb.Id == "a" && lb.Name == "" && lb.RevisionNumber == 1);
    }

    [Fact]
    public async Task WriteAsync_before_commit_readers_see_only_committed_state()
    {
        using var store = new InMemoryLbaasObjectStore();
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var unit = store.WriteAsync(async w =>
        {
            await w.LoadBalancers.AddAsync(NewLoadBalancer("a"));
            (await w.LoadBalancers.FindAsync("a")).Should().NotBeNull("a unit reads its own changes");
            inside.SetResult();
            await release.Task;
            return 0;
        }).AsTask();
        await inside.Task;

        (await store.LoadBalancers.FindAsync("a")).Should().BeNull();
        release.SetResult();
        await unit;
        (await store.LoadBalancers.FindAsync("a")).Should().NotBeNull();
    }

    [Fact]
    public async Task Update_when_the_revision_is_stale_throws_concurrency_conflict()
    {
        using var store = new InMemoryLbaasObjectStore();
        var inserted = await store.WriteAsync(async w => await w.LoadBalancers.AddAsync(NewLoadBalancer("a")));
        await store.WriteAsync(async w => await w.LoadBalancers.UpdateAsync(inserted with { Name = "first" }));

        var act = async () => await store.WriteAsync(async w => await w.LoadBalancers.UpdateAsync(inserted with { Name = "second" }));

        var error = (await act.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
        error.ExpectedRevision.Should().Be(1);
        error.ActualRevision.Should().Be(2);
        (await store.LoadBalancers.FindAsync("a"))!.Name.Should().Be("first");
    }

    [Fact]
    public async Task Insert_when_the_id_exists_throws_conflict()
    {
        using var store = new InMemoryLbaasObjectStore();
        await store.WriteAsync(async w => await w.LoadBalancers.AddAsync(NewLoadBalancer("a")));

        var act = async () => await store.WriteAsync(async w => await w.LoadBalancers.AddAsync(NewLoadBalancer("a")));

        await act.Should().ThrowAsync<ConflictException>().WithMessage("Load Balancer a already exists.");
    }

    [Fact]
    public async Task ListAsync_returns_insertion_order_across_deletes()
    {
        using var store = new InMemoryLbaasObjectStore();
        foreach (var id in new[] { "c", "a", "b" })
        {
            await store.WriteAsync(async w => await w.LoadBalancers.AddAsync(NewLoadBalancer(id)));
        }

        await store.WriteAsync(async w => await w.LoadBalancers.RemoveAsync("a"));
        await store.WriteAsync(async w => await w.LoadBalancers.AddAsync(NewLoadBalancer("a")));

        (await store.LoadBalancers.ListAsync()).Select(lb => lb.Id).Should().Equal("c", "b", "a");
    }

    [Fact]
    public async Task WriteAsync_from_many_threads_serialises_the_units()
    {
        using var store = new InMemoryLbaasObjectStore();
        await store.WriteAsync(async w => await w.LoadBalancers.AddAsync(NewLoadBalancer("a")));

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), async (_, ct) =>
            await store.WriteAsync(async w => await w.LoadBalancers.UpdateAsync((await w.LoadBalancers.FindAsync("a"))! with { Name = "x" }), ct));

        (await store.LoadBalancers.FindAsync("a"))!.RevisionNumber.Should().Be(201);
    }

    [Fact]
    public async Task DisposeAsync_without_commit_releases_the_writer_lock_once()
    {
        using var store = new InMemoryLbaasObjectStore();
        var first = await store.BeginTransactionAsync();
        await first.LoadBalancers.AddAsync(NewLoadBalancer("a"));
        await first.DisposeAsync();
        await first.DisposeAsync();

        await using var second = await store.BeginTransactionAsync();
        var third = store.BeginTransactionAsync().AsTask();

        third.IsCompleted.Should().BeFalse("a second dispose must not release the lock the next transaction holds");
        (await second.LoadBalancers.FindAsync("a")).Should().BeNull("the disposed transaction kept nothing");
        await second.DisposeAsync();
        await using var last = await third;
    }
}
