using Ml2.Storage;

namespace Ml2.Samples.RestHost.Octavia;

/// <summary>
/// Load-balancer descriptions, which the SDK's model does not carry: kept by the host in the ML2 store's driver-data
/// table <c>resthost_lb_description</c> (so in the SQLite file with everything else). Written after the load-balancer
/// operation itself succeeded.
/// </summary>
internal sealed class LoadBalancerDescriptions(IMl2Store store)
{
    private const string Table = "resthost_lb_description";

    public async Task<IReadOnlyDictionary<string, string>> AllAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await store.BeginReadOnlyTransactionAsync(cancellationToken);
        var rows = await transaction.DriverData.ListAsync(Table, cancellationToken);
        return rows.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
    }

    public async Task<string> GetAsync(string loadBalancerId, CancellationToken cancellationToken)
    {
        await using var transaction = await store.BeginReadOnlyTransactionAsync(cancellationToken);
        return await transaction.DriverData.GetAsync(Table, loadBalancerId, cancellationToken) ?? "";
    }

    public async Task SetAsync(string loadBalancerId, string description, CancellationToken cancellationToken)
    {
        await using var transaction = await store.BeginTransactionAsync(cancellationToken);
        if (description.Length == 0)
        {
            await transaction.DriverData.RemoveAsync(Table, loadBalancerId, cancellationToken);
        }
        else
        {
            await transaction.DriverData.SetAsync(Table, loadBalancerId, description, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
