using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Ml2.Health;
using Ml2.Storage;

namespace Ml2.Core.Tests.Health;

/// <summary>The ml2-store check for stores without a check of their own (the SQL stores' own check is tested with SQLite).</summary>
public sealed class StoreHealthCheckTests
{
    [Fact]
    public async Task Store_in_memory_is_healthy()
    {
        var services = new ServiceCollection();
        services.AddMl2();
        services.AddHealthChecks().AddMl2Checks();
        await using var provider = services.BuildServiceProvider();

        var entry = await HealthCheckRunner.RunAsync(provider, Ml2HealthChecks.StoreCheckName);

        entry.Status.Should().Be(HealthStatus.Healthy, entry.Description);
        entry.Data["store"].Should().Be("InMemoryMl2Store");
    }

    [Fact]
    public async Task Store_of_your_own_that_cannot_open_a_transaction_is_unhealthy_saying_why()
    {
        var services = new ServiceCollection();
        services.AddMl2().UseStore<UnreachableStore>();
        services.AddHealthChecks().AddMl2Checks();
        await using var provider = services.BuildServiceProvider();

        var entry = await HealthCheckRunner.RunAsync(provider, Ml2HealthChecks.StoreCheckName);

        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Description.Should().Be("The ML2 store (UnreachableStore) could not open a read-only transaction: IOException: No route to the database.");
        entry.Exception.Should().BeOfType<IOException>();
    }

    /// <summary>A host's own store whose database cannot be reached.</summary>
    private sealed class UnreachableStore : IMl2Store
    {
        public ValueTask<IMl2Transaction> BeginTransactionAsync(CancellationToken cancellationToken = default) => throw new IOException("No route to the database.");

        public ValueTask<IMl2Transaction> BeginReadOnlyTransactionAsync(CancellationToken cancellationToken = default) => throw new IOException("No route to the database.");
    }
}
