using FluentAssertions;
using Ml2.Ipam;
using Xunit;

namespace Ml2.Core.Tests.Ipam;

/// <summary>A subnet's IP pool in the store: configured from its allocation pools, deleted with it.</summary>
public sealed class SubnetPoolsTests : IDisposable
{
    private const string Net = "net-1";
    private readonly IpamTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task ConfigureAsync_when_subnet_created_configures_pool_from_allocation_pools()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");

        var usage = await _bed.UsageAsync(IpPoolMapping.PoolName(subnet.Id));

        usage!.Capacity.Should().Be(253);
        usage.Allocated.Should().Be(0);
    }

    [Fact]
    public async Task DeleteAsync_when_subnet_deleted_removes_pool_with_its_allocations()
    {
        var subnet = await _bed.AddSubnetAsync(Net, "10.0.0.0/24");
        await _bed.AllocateAsync(Net, [subnet], null);
        (await _bed.UsageAsync(IpPoolMapping.PoolName(subnet.Id)))!.Allocated.Should().Be(1);

        await _bed.InTransactionAsync(tx => SubnetPools.DeleteAsync(tx, subnet).AsTask());

        (await _bed.UsageAsync(IpPoolMapping.PoolName(subnet.Id))).Should().BeNull();
    }
}
