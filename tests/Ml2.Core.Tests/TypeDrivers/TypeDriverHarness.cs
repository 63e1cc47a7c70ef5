using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Drivers;
using Ml2.Model;
using Ml2.Storage;
using Ml2.Storage.InMemory;

namespace Ml2.Core.Tests.TypeDrivers;

/// <summary>A real in-memory store (seeded) for exercising type drivers, with one-transaction helpers.</summary>
internal sealed class TypeDriverHarness : IDisposable
{
    public TypeDriverHarness(int seed = 42) => Store = new InMemoryMl2Store(new TestRandom(seed));

    public InMemoryMl2Store Store { get; }

    public static IOptions<Ml2Options> Options(Action<Ml2Options>? configure = null)
    {
        var options = new Ml2Options();
        configure?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    public Task InitializeAsync(ITypeDriver driver) => driver.InitializeAsync(Store, CancellationToken.None).AsTask();

    /// <summary>Runs the action in a transaction and commits; an exception rolls the transaction back and propagates.</summary>
    public async Task<T> InTransactionAsync<T>(Func<IMl2Transaction, ValueTask<T>> action)
    {
        await using var transaction = await Store.BeginTransactionAsync();
        var result = await action(transaction);
        await transaction.CommitAsync();
        return result;
    }

    public Task InTransactionAsync(Func<IMl2Transaction, ValueTask> action) =>
        InTransactionAsync<bool>(async t =>
        {
            await action(t);
            return true;
        });

    public Task<ProviderSegment> ReserveAsync(ITypeDriver driver, ProviderSegment segment) =>
        InTransactionAsync(t => driver.ReserveProviderSegmentAsync(t, segment, CancellationToken.None));

    public Task<ProviderSegment?> AllocateTenantAsync(ITypeDriver driver) =>
        InTransactionAsync(t => driver.AllocateTenantSegmentAsync(t, CancellationToken.None));

    public Task ReleaseAsync(ITypeDriver driver, ProviderSegment segment) =>
        InTransactionAsync(t => driver.ReleaseSegmentAsync(t, segment, CancellationToken.None));

    public async Task<IdPoolUsage?> UsageAsync(string pool)
    {
        await using var transaction = await Store.BeginReadOnlyTransactionAsync();
        return await transaction.Pools.GetUsageAsync(pool);
    }

    public async Task<bool> IsAllocatedAsync(string pool, long id)
    {
        await using var transaction = await Store.BeginReadOnlyTransactionAsync();
        return await transaction.Pools.IsAllocatedAsync(pool, id);
    }

    public void Dispose() => Store.Dispose();
}
