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

    /// <summary>
    /// Lists the ports, on any network, whose MAC address is <paramref name="macAddress"/> (compared as stored: the
    /// plugin stores the canonical lower-case form). A store answers from an index, not a scan; a relational store
    /// also refuses a second port with the same MAC on one network (Neutron's unique key (network_id, mac_address)).
    /// </summary>
    /// <param name="macAddress">The MAC in canonical form.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ports, in creation order.</returns>
    ValueTask<IReadOnlyList<Port>> ListByMacAddressAsync(string macAddress, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether a port has the MAC address <paramref name="macAddress"/> (canonical form): on
    /// <paramref name="networkId"/> when given, and other than <paramref name="exceptPortId"/> when given. The cheap form
    /// of <see cref="ListByMacAddressAsync"/> for the checks on every port create and delete: an index look-up, no body read.
    /// </summary>
    /// <param name="macAddress">The MAC in canonical form.</param>
    /// <param name="networkId">Only ports of this network count; null for any network.</param>
    /// <param name="exceptPortId">This port does not count; null for none.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>True when such a port exists.</returns>
    ValueTask<bool> AnyWithMacAddressAsync(string macAddress, string? networkId = null, string? exceptPortId = null, CancellationToken cancellationToken = default);
}
