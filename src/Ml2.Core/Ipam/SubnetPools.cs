using Ml2.Model;
using Ml2.Storage;

namespace Ml2.Ipam;

/// <summary>
/// The lifecycle of a subnet's IP pool in the store: one id pool <c>ip:{subnetId}</c> per subnet, its ranges the
/// subnet's allocation pools (ids as in <see cref="IpPoolMapping"/>), created with the subnet and deleted with it.
/// </summary>
internal static class SubnetPools
{
    /// <summary>Creates (or re-configures) the subnet's pool from its allocation pools.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="subnet">The subnet (validated).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the pool is configured.</returns>
    public static ValueTask ConfigureAsync(IMl2Transaction transaction, Subnet subnet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(subnet);
        return transaction.Pools.ConfigurePoolAsync(IpPoolMapping.PoolName(subnet.Id), IpPoolMapping.RangesFor(subnet), cancellationToken);
    }

    /// <summary>Deletes the subnet's pool with every allocation in it.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="subnet">The subnet.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the pool is gone.</returns>
    public static ValueTask DeleteAsync(IMl2Transaction transaction, Subnet subnet, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(subnet);
        return transaction.Pools.DeletePoolAsync(IpPoolMapping.PoolName(subnet.Id), cancellationToken);
    }
}
