using Lbaas.Service.Store;
using Ml2.Exceptions;
using Ml2.Lbaas;

namespace Lbaas.Core.Tests.Service.Store;

/// <summary>The in-memory LBaaS store: atomic units, revision compare-and-set, insertion order.</summary>
public sealed class InMemoryLbaasStoreTests
{
    private static LoadBalancer NewLoadBalancer(string id) => new() { Id = id, TenantId = "t", VipNetworkId = "n", Provider = "p" };

    [Fact]
    public async Task WriteAsync_WhenTheUnitThrows_KeepsNothingItDid()
    {
        var store = new InMemoryLbaasStore();
        await store.WriteAsync(w => w.Insert(NewLoadBalancer("a")), default);

        var act = async () => await store.WriteAsync<int>(
            w =>
            {
                w.Insert(NewLoadBalancer("b"));
                w.Update(w.Find<LoadBalancer>("a")! with { Name = "changed" });
                w.Delete<LoadBalancer>("a");
                throw new InvalidOperationException("abort");
            },
            default);

        await act.Should().ThrowAsync<InvalidOperationException>();
        (await store.ListAsync<LoadBalancer>(default)).Should().ContainSingle().Which.Should().Match<LoadBalancer>(lb => lb.Id == "a" && lb.Name == "" && lb.RevisionNumber == 1);
    }

    [Fact]
    public async Task Update_WhenTheRevisionIsStale_ThrowsConcurrencyConflict()
    {
        var store = new InMemoryLbaasStore();
        var inserted = await store.WriteAsync(w => w.Insert(NewLoadBalancer("a")), default);
        await store.WriteAsync(w => w.Update(inserted with { Name = "first" }), default);

        var act = async () => await store.WriteAsync(w => w.Update(inserted with { Name = "second" }), default);

        var error = (await act.Should().ThrowAsync<ConcurrencyConflictException>()).Which;
        error.ExpectedRevision.Should().Be(1);
        error.ActualRevision.Should().Be(2);
        (await store.FindAsync<LoadBalancer>("a", default))!.Name.Should().Be("first");
    }

    [Fact]
    public async Task Insert_WhenTheIdExists_ThrowsConflict()
    {
        var store = new InMemoryLbaasStore();
        await store.WriteAsync(w => w.Insert(NewLoadBalancer("a")), default);

        var act = async () => await store.WriteAsync(w => w.Insert(NewLoadBalancer("a")), default);

        await act.Should().ThrowAsync<ConflictException>().WithMessage("Load Balancer a already exists.");
    }

    [Fact]
    public async Task ListAsync_ReturnsInsertionOrderAcrossDeletes()
    {
        var store = new InMemoryLbaasStore();
        foreach (var id in new[] { "c", "a", "b" })
        {
            await store.WriteAsync(w => w.Insert(NewLoadBalancer(id)), default);
        }

        await store.WriteAsync(w => w.Delete<LoadBalancer>("a"), default);
        await store.WriteAsync(w => w.Insert(NewLoadBalancer("a")), default);

        (await store.ListAsync<LoadBalancer>(default)).Select(lb => lb.Id).Should().Equal("c", "b", "a");
    }

    [Fact]
    public async Task WriteAsync_FromManyThreads_SerialisesTheUnits()
    {
        var store = new InMemoryLbaasStore();
        await store.WriteAsync(w => w.Insert(NewLoadBalancer("a")), default);

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), async (_, ct) =>
            await store.WriteAsync(w => w.Update(w.Find<LoadBalancer>("a")! with { Name = "x" }), ct));

        (await store.FindAsync<LoadBalancer>("a", default))!.RevisionNumber.Should().Be(201);
    }
}
