using Ml2.Contexts;

namespace Ml2.Drivers;

/// <summary>
/// A vendor mechanism driver: called on every create/update/delete of a network, subnet or port, and asked to bind
/// ports. Every hook has a no-op default, so a driver implements only what it needs.
/// </summary>
/// <remarks>
/// <para><b>Precommit</b> hooks run inside the store transaction (the context exposes it, so the driver may write its
/// own rows). They must not block on remote I/O. A throw stops the remaining drivers and rolls the whole operation
/// back; the caller gets a <see cref="Exceptions.MechanismDriverException"/>.</para>
/// <para><b>Postcommit</b> hooks run after commit and may block. A failure in create postcommit deletes the resource
/// again and is rethrown; in network/subnet update postcommit every driver is still called and the failures are
/// rethrown with the change kept; in port update and any delete postcommit failures are logged only.</para>
/// <para><b>Binding</b> runs outside any transaction on a copy of the port: call <see cref="PortContext.SetBinding"/>
/// or <see cref="PortContext.ContinueBinding"/>, or leave the port alone to let the next driver try. Avoid persistent
/// side effects: a concurrent update can discard the result.</para>
/// <para>Drivers are singletons called in the configured order; keep per-call state in the context, not in fields.</para>
/// </remarks>
public interface IMechanismDriver
{
    /// <summary>The driver's unique name, referenced from the <c>mechanism_drivers</c> option.</summary>
    string Name { get; }

    /// <summary>
    /// The connectivity the driver provides: <see cref="MechanismDriverConnectivity.L2"/>,
    /// <see cref="MechanismDriverConnectivity.L3"/> or <see cref="MechanismDriverConnectivity.Legacy"/>. Ports without
    /// fixed IPs are only offered to L2 drivers for binding.
    /// </summary>
    string Connectivity => MechanismDriverConnectivity.Legacy;

    /// <summary>Called once when the plugin starts, in driver order.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>A task that completes when the driver is ready.</returns>
    ValueTask InitializeAsync(CancellationToken cancellationToken) => default;

    /// <summary>Inside the transaction that creates a network.</summary>
    /// <param name="context">The network.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask CreateNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) => default;

    /// <summary>After a network is created.</summary>
    /// <param name="context">The network.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask CreateNetworkPostcommitAsync(NetworkContext context, CancellationToken cancellationToken) => default;

    /// <summary>Inside the transaction that updates a network.</summary>
    /// <param name="context">The network, with <see cref="NetworkContext.Original"/>.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask UpdateNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) => default;

    /// <summary>After a network is updated.</summary>
    /// <param name="context">The network, with <see cref="NetworkContext.Original"/>.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask UpdateNetworkPostcommitAsync(NetworkContext context, CancellationToken cancellationToken) => default;

    /// <summary>Inside the transaction that deletes a network.</summary>
    /// <param name="context">The network being deleted.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask DeleteNetworkPrecommitAsync(NetworkContext context, CancellationToken cancellationToken) => default;

    /// <summary>After a network is deleted.</summary>
    /// <param name="context">The deleted network.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask DeleteNetworkPostcommitAsync(NetworkContext context, CancellationToken cancellationToken) => default;

    /// <summary>Inside the transaction that creates a subnet.</summary>
    /// <param name="context">The subnet.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask CreateSubnetPrecommitAsync(SubnetContext context, CancellationToken cancellationToken) => default;

    /// <summary>After a subnet is created.</summary>
    /// <param name="context">The subnet.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask CreateSubnetPostcommitAsync(SubnetContext context, CancellationToken cancellationToken) => default;

    /// <summary>Inside the transaction that updates a subnet.</summary>
    /// <param name="context">The subnet, with <see cref="SubnetContext.Original"/>.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask UpdateSubnetPrecommitAsync(SubnetContext context, CancellationToken cancellationToken) => default;

    /// <summary>After a subnet is updated.</summary>
    /// <param name="context">The subnet, with <see cref="SubnetContext.Original"/>.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask UpdateSubnetPostcommitAsync(SubnetContext context, CancellationToken cancellationToken) => default;

    /// <summary>Inside the transaction that deletes a subnet.</summary>
    /// <param name="context">The subnet being deleted.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask DeleteSubnetPrecommitAsync(SubnetContext context, CancellationToken cancellationToken) => default;

    /// <summary>After a subnet is deleted.</summary>
    /// <param name="context">The deleted subnet.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask DeleteSubnetPostcommitAsync(SubnetContext context, CancellationToken cancellationToken) => default;

    /// <summary>Inside the transaction that creates a port.</summary>
    /// <param name="context">The port.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask CreatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) => default;

    /// <summary>After a port is created.</summary>
    /// <param name="context">The port.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask CreatePortPostcommitAsync(PortContext context, CancellationToken cancellationToken) => default;

    /// <summary>Inside the transaction that updates a port (also when a binding is committed).</summary>
    /// <param name="context">The port, with <see cref="PortContext.Original"/>.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask UpdatePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) => default;

    /// <summary>After a port is updated (also after a binding is committed).</summary>
    /// <param name="context">The port, with <see cref="PortContext.Original"/>.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask UpdatePortPostcommitAsync(PortContext context, CancellationToken cancellationToken) => default;

    /// <summary>Inside the transaction that deletes a port.</summary>
    /// <param name="context">The port being deleted.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask DeletePortPrecommitAsync(PortContext context, CancellationToken cancellationToken) => default;

    /// <summary>After a port is deleted.</summary>
    /// <param name="context">The deleted port.</param>
    /// <param name="cancellationToken">Cancels the hook.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask DeletePortPostcommitAsync(PortContext context, CancellationToken cancellationToken) => default;

    /// <summary>
    /// Tries to bind the port at the current level: inspect <see cref="PortContext.SegmentsToBind"/> and
    /// <see cref="PortContext.Host"/>, then call <see cref="PortContext.SetBinding"/> or
    /// <see cref="PortContext.ContinueBinding"/>, or return without either to decline.
    /// </summary>
    /// <param name="context">The port being bound (a copy).</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>A task that completes when the attempt is done.</returns>
    ValueTask BindPortAsync(PortContext context, CancellationToken cancellationToken) => default;

    /// <summary>
    /// Whether the driver's backend can carry the VLAN-transparent network being created (Neutron's
    /// <c>check_vlan_transparency</c>). Asked inside the create transaction, before the create precommit hooks, only
    /// when <c>vlan_transparent</c> is requested; if any driver answers false the create fails with
    /// <see cref="Exceptions.VlanTransparencyDriverException"/>. The default is false, as in Neutron, where a driver
    /// that does not override the check does not support VLAN transparency.
    /// </summary>
    /// <param name="context">The network being created (<see cref="NetworkContext.Current"/> has <c>VlanTransparent</c> set).</param>
    /// <returns>True when the driver supports the network.</returns>
    bool CheckVlanTransparency(NetworkContext context) => false;
}
