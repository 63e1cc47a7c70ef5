using Ml2.Model;

namespace Ml2.Storage;

/// <summary>The ports table.</summary>
public interface IPortRepository : IResourceRepository<Port>
{
    /// <summary>Lists the ports of one network.</summary>
    /// <param name="networkId">The network.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ports.</returns>
    ValueTask<IReadOnlyList<Port>> ListByNetworkAsync(string networkId, CancellationToken cancellationToken = default);

    /// <summary>Counts the ports of one network.</summary>
    /// <param name="networkId">The network.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The number of ports.</returns>
    ValueTask<int> CountByNetworkAsync(string networkId, CancellationToken cancellationToken = default);
}
