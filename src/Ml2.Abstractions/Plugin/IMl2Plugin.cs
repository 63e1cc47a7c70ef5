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

    /// <summary>
    /// Creates an inactive binding of a compute port on another host (Neutron's <c>create_port_binding</c>, used for
    /// live migration): the mechanism drivers bind it outside any transaction while the active binding keeps serving,
    /// and it is stored with its own binding levels. Admin only.
    /// </summary>
    /// <param name="caller">Who is calling (an admin).</param>
    /// <param name="portId">The port; its <c>device_owner</c> must start with <c>compute:</c>.</param>
    /// <param name="request">The host, vnic type and profile.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new binding (status <see cref="PortBindingStatus.Inactive"/>).</returns>
    /// <exception cref="Exceptions.ConflictException"><c>PortBindingAlreadyExists</c>: the port has a binding on the host.</exception>
    /// <exception cref="Exceptions.PortBindingException"><c>PortBindingError</c>: no driver could bind the port on the host.</exception>
    ValueTask<PortHostBinding> CreatePortBindingAsync(CallerContext caller, string portId, PortBindingCreateRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists a compute port's bindings: the active one first, then the inactive ones. Admin only.</summary>
    /// <param name="caller">Who is calling (an admin).</param>
    /// <param name="portId">The port.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The bindings.</returns>
    ValueTask<IReadOnlyList<PortHostBinding>> ListPortBindingsAsync(CallerContext caller, string portId, CancellationToken cancellationToken = default);

    /// <summary>Reads a compute port's binding on one host, active or inactive. Admin only.</summary>
    /// <param name="caller">Who is calling (an admin).</param>
    /// <param name="portId">The port.</param>
    /// <param name="host">The host.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The binding.</returns>
    /// <exception cref="Exceptions.ResourceNotFoundException"><c>PortBindingNotFound</c>: the port has no binding on the host.</exception>
    ValueTask<PortHostBinding> GetPortBindingAsync(CallerContext caller, string portId, string host, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the vnic type or profile of a compute port's binding on one host (Neutron's <c>update_port_binding</c>).
    /// The active binding is updated as <see cref="UpdatePortAsync"/> does (unbound, port DOWN, bound again with the
    /// update hooks); an inactive one is bound again by the drivers, outside any transaction, when its inputs changed or
    /// it is not bound (e.g. the source host's binding after an activation), and stored with its new levels. Admin only.
    /// </summary>
    /// <param name="caller">Who is calling (an admin).</param>
    /// <param name="portId">The port.</param>
    /// <param name="host">The host of the binding.</param>
    /// <param name="request">The changes.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The binding after the change.</returns>
    /// <exception cref="Exceptions.ResourceNotFoundException"><c>PortBindingNotFound</c>: the port has no binding on the host.</exception>
    /// <exception cref="Exceptions.PortBindingException"><c>PortBindingError</c>: no driver could bind the port on the host.</exception>
    ValueTask<PortHostBinding> UpdatePortBindingAsync(CallerContext caller, string portId, string host, PortBindingUpdateRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Activates a compute port's inactive binding on <paramref name="host"/> in one transaction (Neutron's
    /// <c>activate</c>): it becomes the port's binding (<c>binding:host_id</c> changes) with its levels, the active
    /// binding becomes inactive and unbound, and <c>update_port_precommit</c>/<c>postcommit</c> run with the port
    /// before the change as <see cref="Contexts.PortContext.Original"/>. A precommit failure changes nothing. Admin only.
    /// </summary>
    /// <param name="caller">Who is calling (an admin).</param>
    /// <param name="portId">The port.</param>
    /// <param name="host">The host of the inactive binding.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The binding, now <see cref="PortBindingStatus.Active"/>.</returns>
    /// <exception cref="Exceptions.ConflictException"><c>PortBindingAlreadyActive</c>: the binding on the host is the active one.</exception>
    /// <exception cref="Exceptions.ResourceNotFoundException"><c>PortBindingNotFound</c>: the port has no binding on the host.</exception>
    ValueTask<PortHostBinding> ActivatePortBindingAsync(CallerContext caller, string portId, string host, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a compute port's inactive binding on <paramref name="host"/> with its levels (Neutron's
    /// <c>delete_port_binding</c>). The active binding cannot be deleted (<c>PortBindingAlreadyActive</c>, 409), where
    /// Neutron would leave the port without one. Admin only.
    /// </summary>
    /// <param name="caller">Who is calling (an admin).</param>
    /// <param name="portId">The port.</param>
    /// <param name="host">The host of the inactive binding.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the binding is deleted.</returns>
    ValueTask DeletePortBindingAsync(CallerContext caller, string portId, string host, CancellationToken cancellationToken = default);
}
