using Ml2.Model;

namespace Ml2.Storage;

/// <summary>The subnets table.</summary>
public interface ISubnetRepository : IResourceRepository<Subnet>
{
    /// <summary>Lists the subnets of one network.</summary>
    /// <param name="networkId">The network.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The subnets, in creation order.</returns>
    ValueTask<IReadOnlyList<Subnet>> ListByNetworkAsync(string networkId, CancellationToken cancellationToken = default);
}
