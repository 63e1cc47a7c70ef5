using System.Diagnostics.CodeAnalysis;
using Ml2.Exceptions;
using Ml2.Model;
using Ml2.Plugin;
using Ml2.Storage;

namespace Ml2.Ipam;

/// <summary>
/// Allocates, changes and releases a port's fixed IPs in the caller's transaction: <see cref="FixedIpPlanner"/> checks
/// and plans the requests (nothing is reserved before every request is valid), <see cref="IpReservations"/> reserves the
/// plans in the subnets' pools. No fixed IPs requested (<c>null</c>) means one address of the IPv4 subnets and one of the
/// IPv6 subnets; an empty list means none. A subnet's pool itself is created and deleted by <see cref="SubnetPools"/>.
/// Stateless and thread-safe.
/// </summary>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A DI singleton; callers use it through an injected instance.")]
internal sealed class IpAllocator
{
    /// <summary>Allocates the fixed IPs of a new port (see the class remarks); the port's device owner is unknown.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network.</param>
    /// <param name="networkSubnets">Every subnet of the network, in preference order (creation order).</param>
    /// <param name="requested">The requested fixed IPs; null = the default, an empty list = none.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The allocated fixed IPs, in request order (default: IPv4 then IPv6).</returns>
    public ValueTask<IReadOnlyList<FixedIp>> AllocateAsync(
        IMl2Transaction transaction,
        string networkId,
        IReadOnlyList<Subnet> networkSubnets,
        IReadOnlyList<FixedIpRequest>? requested,
        CancellationToken cancellationToken = default) =>
        AllocateAsync(transaction, networkId, networkSubnets, requested, null, cancellationToken);

    /// <summary>Allocates the fixed IPs of a new port (see the class remarks).</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network.</param>
    /// <param name="networkSubnets">Every subnet of the network, in preference order (creation order).</param>
    /// <param name="requested">The requested fixed IPs; null = the default, an empty list = none.</param>
    /// <param name="deviceOwner">The port's device owner; router ports may take the gateway address.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The allocated fixed IPs, in request order (default: IPv4 then IPv6).</returns>
    /// <exception cref="InvalidInputException">A request is invalid.</exception>
    /// <exception cref="AddressInUseException">A requested address is in use.</exception>
    /// <exception cref="IpAddressGenerationFailureException">A subnet (or every subnet of a version) is full.</exception>
    public async ValueTask<IReadOnlyList<FixedIp>> AllocateAsync(
        IMl2Transaction transaction,
        string networkId,
        IReadOnlyList<Subnet> networkSubnets,
        IReadOnlyList<FixedIpRequest>? requested,
        string? deviceOwner,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        ArgumentNullException.ThrowIfNull(networkSubnets);
        var subnets = networkSubnets.Select(IpamSubnet.Of).ToArray();

        if (requested is null)
        {
            return await IpReservations.AllocateDefaultAsync(transaction.Pools, networkId, subnets, cancellationToken).ConfigureAwait(false);
        }

        var addresses = FixedIpPlanner.ParseAddresses(requested);
        await CheckNamedSubnetsExistAsync(transaction, subnets, requested, cancellationToken).ConfigureAwait(false);
        var plans = FixedIpPlanner.Plan(networkId, subnets, requested, addresses, deviceOwner);
        return await IpReservations.ReserveAsync(transaction.Pools, networkId, plans, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases fixed IPs (a fixed IP of a subnet not in <paramref name="subnets"/> is skipped, as in Neutron).</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="subnets">The subnets the addresses belong to (normally every subnet of the port's network).</param>
    /// <param name="fixedIps">The fixed IPs.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>A task that completes when the addresses are free.</returns>
    public async ValueTask ReleaseAsync(
        IMl2Transaction transaction,
        IReadOnlyList<Subnet> subnets,
        IEnumerable<FixedIp> fixedIps,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(subnets);
        ArgumentNullException.ThrowIfNull(fixedIps);
        await IpReservations.ReleaseAsync(transaction.Pools, subnets, fixedIps, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes a port's fixed IPs (see the other overload); the port's device owner is unknown.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network.</param>
    /// <param name="networkSubnets">Every subnet of the network, in preference order.</param>
    /// <param name="current">The port's current fixed IPs.</param>
    /// <param name="requested">The requested fixed IPs; null = unchanged.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The port's new fixed IPs.</returns>
    public ValueTask<IReadOnlyList<FixedIp>> UpdateAsync(
        IMl2Transaction transaction,
        string networkId,
        IReadOnlyList<Subnet> networkSubnets,
        IReadOnlyList<FixedIp> current,
        IReadOnlyList<FixedIpRequest>? requested,
        CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, networkId, networkSubnets, current, requested, null, cancellationToken);

    /// <summary>
    /// Changes a port's fixed IPs the way Neutron's <c>_get_changed_ips_for_port</c> does: a requested address the port
    /// already has is kept; a subnet-only request is satisfied by an address the port already has on that subnet (not
    /// claimed by another entry); other requests are allocated; current addresses no entry claims are released.
    /// New requests are validated (and checked free) before anything changes; releases happen last.
    /// </summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network.</param>
    /// <param name="networkSubnets">Every subnet of the network, in preference order.</param>
    /// <param name="current">The port's current fixed IPs.</param>
    /// <param name="requested">The requested fixed IPs; null = unchanged, an empty list = release all.</param>
    /// <param name="deviceOwner">The port's device owner; router ports may take the gateway address.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The port's new fixed IPs, in request order.</returns>
    /// <exception cref="InvalidInputException">A request is invalid.</exception>
    /// <exception cref="AddressInUseException">A requested address is in use by another port.</exception>
    /// <exception cref="IpAddressGenerationFailureException">A subnet is full.</exception>
    public async ValueTask<IReadOnlyList<FixedIp>> UpdateAsync(
        IMl2Transaction transaction,
        string networkId,
        IReadOnlyList<Subnet> networkSubnets,
        IReadOnlyList<FixedIp> current,
        IReadOnlyList<FixedIpRequest>? requested,
        string? deviceOwner,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        ArgumentNullException.ThrowIfNull(networkSubnets);
        ArgumentNullException.ThrowIfNull(current);
        if (requested is null)
        {
            return [.. current];
        }

        var subnets = networkSubnets.Select(IpamSubnet.Of).ToArray();
        var addresses = FixedIpPlanner.ParseAddresses(requested);
        await CheckNamedSubnetsExistAsync(transaction, subnets, requested, cancellationToken).ConfigureAwait(false);
        var plan = FixedIpPlanner.PlanUpdate(networkId, subnets, current, requested, addresses, deviceOwner);
        var result = plan.Result;
        var added = await IpReservations.ReserveAsync(transaction.Pools, networkId, plan.NewPlans, cancellationToken).ConfigureAwait(false);
        for (var j = 0; j < plan.NewIndexes.Count; j++)
        {
            result[plan.NewIndexes[j]] = added[j];
        }

        await ReleaseAsync(transaction, networkSubnets, plan.Released, cancellationToken).ConfigureAwait(false);
        return result.Select(r => r!).ToArray();
    }

    /// <summary>
    /// A fixed IP naming a subnet that is not on the network: Neutron first looks the subnet up, so a subnet that does
    /// not exist at all is <c>SubnetNotFound</c> (404); one of another network is the InvalidInput of <see cref="FixedIpPlanner.Plan"/>.
    /// </summary>
    private static async ValueTask CheckNamedSubnetsExistAsync(
        IMl2Transaction transaction, IpamSubnet[] subnets, IReadOnlyList<FixedIpRequest> requested, CancellationToken cancellationToken)
    {
        if (subnets.Length == 0)
        {
            return;
        }

        foreach (var request in requested)
        {
            if (request?.SubnetId is { } subnetId
                && !Array.Exists(subnets, s => string.Equals(s.Id, subnetId, StringComparison.Ordinal))
                && await transaction.Subnets.FindAsync(subnetId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new ResourceNotFoundException("Subnet", subnetId);
            }
        }
    }
}
