using Ml2.Model;

namespace Ml2.Plugin;

/// <summary>
/// The ML2 plugin: create, read, list, update and delete networks, subnets and ports, with type drivers allocating
/// segments, mechanism drivers called in precommit (inside the store transaction) and postcommit (after commit),
/// and ports bound to hosts. Every method validates its input before touching state.
/// </summary>
/// <remarks>
/// Errors: <see cref="Exceptions.InvalidInputException"/> (bad input), <see cref="Exceptions.ResourceNotFoundException"/>
/// (missing or invisible), <see cref="Exceptions.NotAuthorizedException"/> (policy), <see cref="Exceptions.ConflictException"/>
/// and subclasses (in use, lost race), <see cref="Exceptions.NoNetworkAvailableException"/> (pools exhausted) and
/// <see cref="Exceptions.MechanismDriverException"/> (a vendor driver failed).
/// </remarks>
public interface IMl2Plugin
{
    /// <summary>Creates a network, with provider segments or a tenant segment allocated from the tenant network types.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="request">The attributes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The network.</returns>
    ValueTask<Network> CreateNetworkAsync(CallerContext caller, NetworkCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a network.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The network id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The network.</returns>
    ValueTask<Network> GetNetworkAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);

    /// <summary>Lists the networks the caller can see.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="filter">Attribute filter, or null.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The networks, ordered by creation time then id.</returns>
    ValueTask<IReadOnlyList<Network>> ListNetworksAsync(CallerContext caller, ListFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Updates a network.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The network id.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The network after the change.</returns>
    ValueTask<Network> UpdateNetworkAsync(CallerContext caller, string id, NetworkUpdateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a network and its subnets; refused while it has ports other than network-owned ones.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The network id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the network is deleted.</returns>
    ValueTask DeleteNetworkAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);

    /// <summary>Creates a subnet.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="request">The attributes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The subnet.</returns>
    ValueTask<Subnet> CreateSubnetAsync(CallerContext caller, SubnetCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a subnet.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The subnet id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The subnet.</returns>
    ValueTask<Subnet> GetSubnetAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);

    /// <summary>Lists the subnets the caller can see.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="filter">Attribute filter, or null.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The subnets.</returns>
    ValueTask<IReadOnlyList<Subnet>> ListSubnetsAsync(CallerContext caller, ListFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Updates a subnet.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The subnet id.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The subnet after the change.</returns>
    ValueTask<Subnet> UpdateSubnetAsync(CallerContext caller, string id, SubnetUpdateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a subnet; refused while ports hold addresses from it.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The subnet id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the subnet is deleted.</returns>
    ValueTask DeleteSubnetAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);

    /// <summary>Creates a port: MAC and fixed IPs are allocated, and the port is bound when a host is given.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="request">The attributes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The port, bound if binding succeeded (a failed binding is state: vif type <c>binding_failed</c>).</returns>
    ValueTask<Port> CreatePortAsync(CallerContext caller, PortCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a port.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The port id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The port.</returns>
    ValueTask<Port> GetPortAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);

    /// <summary>Lists the ports the caller can see.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="filter">Attribute filter, or null.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ports.</returns>
    ValueTask<IReadOnlyList<Port>> ListPortsAsync(CallerContext caller, ListFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>Updates a port; a change of host, vnic type or profile unbinds it and binds it again.</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The port id.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The port after the change (and after binding).</returns>
    ValueTask<Port> UpdatePortAsync(CallerContext caller, string id, PortUpdateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a port and releases its addresses (and dynamic segments no longer bound).</summary>
    /// <param name="caller">Who is calling.</param>
    /// <param name="id">The port id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the port is deleted.</returns>
    ValueTask DeletePortAsync(CallerContext caller, string id, CancellationToken cancellationToken = default);
}
