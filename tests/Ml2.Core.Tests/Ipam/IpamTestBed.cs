using Ml2.Ipam;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;
using Ml2.Storage.InMemory;

namespace Ml2.Core.Tests.Ipam;

/// <summary>An in-memory store plus subnets with configured IP pools, for allocation tests.</summary>
internal sealed class IpamTestBed : IDisposable
{
    private int _nextSubnet;

    public IpamTestBed(int seed = 42)
    {
        Store = new InMemoryMl2Store(new TestRandom(seed));
    }

    public InMemoryMl2Store Store { get; }

    public IpAllocator Allocator { get; } = new();

    public async Task<Subnet> AddSubnetAsync(string networkId, string cidr, IReadOnlyList<AllocationPool>? pools = null, string? gateway = null, bool noGateway = false)
    {
        var subnet = SubnetBuilder.Build(
            new SubnetCreateRequest { NetworkId = networkId, Cidr = cidr, AllocationPools = pools, GatewayIp = gateway, NoGateway = noGateway, EnableDhcp = false },
            $"subnet-{++_nextSubnet}",
            "tenant",
            DateTimeOffset.UnixEpoch);
        await InTransactionAsync(tx => SubnetPools.ConfigureAsync(tx, subnet).AsTask());
        return subnet;
    }

    public async Task<T> InTransactionAsync<T>(Func<IMl2Transaction, Task<T>> action)
    {
        await using var tx = await Store.BeginTransactionAsync();
        var result = await action(tx);
        await tx.CommitAsync();
        return result;
    }

    public async Task InTransactionAsync(Func<IMl2Transaction, Task> action)
    {
        await using var tx = await Store.BeginTransactionAsync();
        await action(tx);
        await tx.CommitAsync();
    }

    public Task<IReadOnlyList<FixedIp>> AllocateAsync(string networkId, IReadOnlyList<Subnet> subnets, IReadOnlyList<FixedIpRequest>? requested, string? deviceOwner = null) =>
        InTransactionAsync(tx => Allocator.AllocateAsync(tx, networkId, subnets, requested, deviceOwner).AsTask());

    public Task<IdPoolUsage?> UsageAsync(string pool) =>
        InTransactionAsync(tx => tx.Pools.GetUsageAsync(pool).AsTask());

    public void Dispose() => Store.Dispose();
}
