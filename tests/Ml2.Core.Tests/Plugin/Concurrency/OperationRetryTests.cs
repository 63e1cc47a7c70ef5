using Microsoft.Extensions.DependencyInjection;
using Ml2.Contexts;
using Ml2.Core.Tests.Infrastructure;
using Ml2.Drivers;
using Ml2.Exceptions;
using Ml2.Plugin;

namespace Ml2.Core.Tests.Plugin.Concurrency;

/// <summary>
/// A lost race is retried as a whole operation (bounded), also when a precommit driver met it through the transaction
/// (the dispatcher lets it through unwrapped); any other driver failure is not retried.
/// </summary>
public sealed class OperationRetryTests
{
    [Fact]
    public async Task A_store_conflict_met_by_a_precommit_driver_reruns_the_operation_without_leaking_its_first_allocations()
    {
        var flaky = new FlakyDriver(failures: 2, () => new StoreConflictException("serialization failure", "40001", null));
        await using var host = TestHost.Create(o => o.MaxOperationRetries = 5, (builder, _) => builder.AddMechanismDriver((IMechanismDriver)flaky));

        var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n" });

        flaky.Calls.Should().Be(3);
        await using var read = await host.Store.BeginReadOnlyTransactionAsync();
        (await read.Networks.ListAsync()).Should().ContainSingle().Which.Id.Should().Be(network.Id);
        var usage = await read.Pools.GetUsageAsync("vlan:physnet1");
        usage!.Allocated.Should().Be(1, "the two abandoned attempts' segments were rolled back");
    }

    [Fact]
    public async Task Retries_are_bounded_and_other_failures_are_not_retried()
    {
        var conflicting = new FlakyDriver(failures: int.MaxValue, () => new StoreConflictException("deadlock", "40P01", null));
        await using (var host = TestHost.Create(o => o.MaxOperationRetries = 4, (builder, _) => builder.AddMechanismDriver((IMechanismDriver)conflicting)))
        {
            var create = async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n" });
            await create.Should().ThrowAsync<StoreConflictException>();
            conflicting.Calls.Should().Be(5, "MaxOperationRetries = 4 is the first attempt plus 4 re-runs");
        }

        var broken = new FlakyDriver(failures: int.MaxValue, () => new InvalidOperationException("backend down"));
        await using (var host = TestHost.Create(o => o.MaxOperationRetries = 4, (builder, _) => builder.AddMechanismDriver((IMechanismDriver)broken)))
        {
            var create = async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n" });
            await create.Should().ThrowAsync<MechanismDriverException>();
            broken.Calls.Should().Be(1);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task MaxOperationRetries_n_means_n_reruns_after_the_first_attempt(int retries)
    {
        // Loses the race exactly N times: the (N+1)th attempt, the last one allowed, succeeds.
        var lastAllowed = new FlakyDriver(failures: retries, () => new StoreConflictException("serialization failure", "40001", null));
        await using (var host = TestHost.Create(o => o.MaxOperationRetries = retries, (builder, _) => builder.AddMechanismDriver((IMechanismDriver)lastAllowed)))
        {
            var network = await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n" });
            lastAllowed.Calls.Should().Be(retries + 1);
            (await host.Plugin.ListNetworksAsync(TestHost.Admin)).Should().ContainSingle().Which.Id.Should().Be(network.Id);
        }

        // Loses it N+1 times: no attempt is left, the conflict reaches the caller and nothing was created.
        var oneTooMany = new FlakyDriver(failures: retries + 1, () => new StoreConflictException("serialization failure", "40001", null));
        await using (var host = TestHost.Create(o => o.MaxOperationRetries = retries, (builder, _) => builder.AddMechanismDriver((IMechanismDriver)oneTooMany)))
        {
            var create = async () => await host.Plugin.CreateNetworkAsync(TestHost.Admin, new NetworkCreateRequest { Name = "n" });
            await create.Should().ThrowAsync<StoreConflictException>();
            oneTooMany.Calls.Should().Be(retries + 1);
            (await host.Plugin.ListNetworksAsync(TestHost.Admin)).Should().BeEmpty();
        }
    }

    private sealed class FlakyDriver(int failures, Func<Exception> failure) : IMechanismDriver
    {
        public int Calls { get; private set; }

        public string Name => "flaky";

        public ValueTask CreateNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) =>
            ++Calls <= failures ? throw failure() : default;
    }
}
