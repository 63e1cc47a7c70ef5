using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using Ml2.Configuration;
using Ml2.Exceptions;
using Ml2.Storage;

namespace Ml2.Ipam;

/// <summary>
/// Port MAC addresses through the store's id pool <c>mac</c> (ids = the 48-bit MAC value).
/// <list type="bullet">
/// <item>Generated MACs follow Neutron's <c>get_random_mac(base_mac)</c>: the first three octets of <c>base_mac</c> are
/// kept, the fourth too when it is not 00, the rest is random. The pool's range is exactly that set
/// (fa:16:3e:00:00:00-fa:16:3e:ff:ff:ff for the default base MAC; 2^16 addresses when the fourth octet is fixed),
/// without the all-zero address.</item>
/// <item>As in Neutron, a MAC is unique on its network (the unique key of Neutron's ports table is
/// (network_id, mac_address)) and the same MAC may be used on two networks. The pool holds every MAC that at least one
/// port has (requested ones too, inside the base range or not), so a generated MAC is one no port has anywhere: drawing
/// it is one pool write, with nothing to look up and no pool per network. A requested MAC the pool already holds is
/// accepted when no port of the same network has it (the store's MAC index; a relational store's unique key
/// (mac_address, network_id) settles concurrent requests). A MAC leaves the pool with the last port that has it.</item>
/// <item>With <see cref="Ml2Options.UniqueMacAddressesAcrossNetworks"/> a MAC used on any network is refused.</item>
/// </list>
/// </summary>
[SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "A DI singleton; callers use it through an injected instance.")]
internal sealed class MacAddressAllocator
{
    /// <summary>The pool name.</summary>
    public const string PoolName = "mac";

    /// <summary>Creates the allocator.</summary>
    /// <param name="options">The ML2 options (<c>base_mac</c>).</param>
    /// <exception cref="OptionsValidationException"><c>base_mac</c> is malformed or multicast.</exception>
    public MacAddressAllocator(IOptions<Ml2Options> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var baseMac = options.Value.BaseMac;
        if (ValidateBaseMac(baseMac) is { } error)
        {
            throw new OptionsValidationException(Ml2Options.SectionName, typeof(Ml2Options), [error]);
        }

        _ = MacAddresses.TryParse(baseMac, out var value);
        BaseMac = MacAddresses.Format(value);
        Range = RangeOf(baseMac);
        DeploymentWide = options.Value.UniqueMacAddressesAcrossNetworks;
    }

    /// <summary>Whether a MAC is unique across every network (one pool) rather than on its network.</summary>
    public bool DeploymentWide { get; }

    /// <summary>The configured base MAC in canonical form.</summary>
    public string BaseMac { get; }

    /// <summary>The range generated MACs are drawn from.</summary>
    public IdRange Range { get; }

    /// <summary>Checks a <c>base_mac</c> value: a MAC address whose first octet is unicast.</summary>
    /// <param name="baseMac">The value.</param>
    /// <returns>The problem, or null when valid.</returns>
    public static string? ValidateBaseMac(string? baseMac)
    {
        if (!MacAddresses.TryParse(baseMac, out var value))
        {
            return $"base_mac: '{baseMac ?? "None"}' is not a valid MAC address";
        }

        return MacAddresses.IsMulticast(value)
            ? $"base_mac: '{baseMac}' is a multicast MAC address; generated port MACs must be unicast"
            : null;
    }

    /// <summary>The range of MACs generated from a base MAC (see the class remarks).</summary>
    /// <param name="baseMac">A valid base MAC.</param>
    /// <returns>The range.</returns>
    public static IdRange RangeOf(string baseMac)
    {
        if (!MacAddresses.TryParse(baseMac, out var value))
        {
            throw new ArgumentException($"'{baseMac}' is not a valid MAC address.", nameof(baseMac));
        }

        var fourth = (value >> 16) & 0xFF;
        var (first, last) = fourth != 0
            ? (value & ~0xFFFFL, value | 0xFFFFL)
            : (value & ~0xFFFFFFL, value | 0xFFFFFFL);
        return new IdRange(Math.Max(first, 1), last);
    }

    /// <summary>
    /// Configures the pool in its own transaction (call once at start; re-running after a base_mac change keeps MACs in
    /// use). A pool configured here for the first time takes the MAC of every existing port, and per-network pools
    /// (<c>mac:{network id}</c>, written by development builds before version 6 of the schema) are dropped.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the configuration.</param>
    /// <returns>A task that completes when the configuration is committed.</returns>
    public async ValueTask ConfigureAsync(IMl2Store store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var transaction = await store.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var pools = transaction.Pools;
            var existing = await pools.GetUsageAsync(PoolName, cancellationToken).ConfigureAwait(false);
            await pools.ConfigurePoolAsync(PoolName, [Range], cancellationToken).ConfigureAwait(false);
            if (existing is not { Capacity: > 0 })
            {
                foreach (var port in await transaction.Ports.ListAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (MacAddresses.TryParse(port.MacAddress, out var value))
                    {
                        await pools.TryReserveAsync(PoolName, value, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            foreach (var perNetwork in await pools.ListPoolsAsync(PoolName + ":", cancellationToken).ConfigureAwait(false))
            {
                await pools.DeletePoolAsync(perNetwork, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Generates a random MAC under the base MAC that no port has, and marks it in use.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network (for the error message).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The MAC in canonical form.</returns>
    /// <exception cref="ServiceUnavailableException">Every MAC under the base MAC is in use (Neutron's NetworkMacAddressGenerationFailure).</exception>
    public async ValueTask<string> GenerateAsync(IMl2Transaction transaction, string networkId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        var pools = transaction.Pools;
        var id = await pools.AllocateRandomAsync(PoolName, cancellationToken).ConfigureAwait(false);
        if (id is null && await pools.GetUsageAsync(PoolName, cancellationToken).ConfigureAwait(false) is not { Capacity: > 0 })
        {
            // Not configured (a store written without this allocator's start-up): configure and draw again.
            await pools.ConfigurePoolAsync(PoolName, [Range], cancellationToken).ConfigureAwait(false);
            id = await pools.AllocateRandomAsync(PoolName, cancellationToken).ConfigureAwait(false);
        }

        return id is { } value
            ? MacAddresses.Format(value)
            : throw ServiceUnavailableException.OfType("NetworkMacAddressGenerationFailure", $"Unable to generate unique mac on network {networkId}.");
    }

    /// <summary>Validates a requested MAC and marks it in use on the network.</summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="networkId">The port's network.</param>
    /// <param name="macAddress">The requested MAC, in any accepted form.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The MAC in canonical form.</returns>
    /// <exception cref="InvalidInputException">The MAC is malformed, all-zero, broadcast or multicast.</exception>
    /// <exception cref="AddressInUseException">The MAC is in use on the network (on any network when deployment-wide).</exception>
    public async ValueTask<string> ReserveAsync(IMl2Transaction transaction, string networkId, string macAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(networkId);
        var value = MacAddresses.Parse(macAddress);
        var canonical = MacAddresses.Format(value);
        if (await transaction.Pools.TryReserveAsync(PoolName, value, cancellationToken).ConfigureAwait(false))
        {
            return canonical;   // no port has it anywhere
        }

        if (DeploymentWide || await transaction.Ports.AnyWithMacAddressAsync(canonical, networkId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            throw AddressInUseException.Mac(networkId, canonical);
        }

        // Used on other networks only: the pool holds it for them. Take its pool entry over in this transaction (released
        // and reserved again), so a concurrent removal of the last port that has it waits for this transaction and then
        // finds this port, instead of letting the MAC go while this port takes it (found by the two-controller soak: a
        // port kept a MAC the pool no longer held). Not released meanwhile: reserved again.
        await transaction.Pools.ReleaseAsync(PoolName, value, cancellationToken).ConfigureAwait(false);
        await transaction.Pools.TryReserveAsync(PoolName, value, cancellationToken).ConfigureAwait(false);
        return canonical;
    }

    /// <summary>
    /// Frees the MAC of a port that is being removed or given another MAC: the pool lets it go unless another port (of
    /// any network) still has it. A malformed MAC, or one the pool does not hold, is ignored.
    /// </summary>
    /// <param name="transaction">The open transaction.</param>
    /// <param name="portId">The port giving the MAC up.</param>
    /// <param name="macAddress">The MAC.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the MAC is released or kept.</returns>
    public async ValueTask ReleaseAsync(IMl2Transaction transaction, string portId, string macAddress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(portId);
        if (!MacAddresses.TryParse(macAddress, out var value))
        {
            return;
        }

        var pools = transaction.Pools;
        var released = await pools.ReleaseAsync(PoolName, value, cancellationToken).ConfigureAwait(false);
        if (DeploymentWide)
        {
            return;
        }

        // Released first, then looked up: the release takes the pool row, so two removals of ports sharing a MAC (on two
        // networks, on two PostgreSQL connections) decide one after the other. Kept by another port: put it back. Not
        // released (a concurrent removal re-added it after this statement's snapshot): release again, from fresh data.
        if (await transaction.Ports.AnyWithMacAddressAsync(MacAddresses.Format(value), exceptPortId: portId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await pools.TryReserveAsync(PoolName, value, cancellationToken).ConfigureAwait(false);
        }
        else if (!released)
        {
            await pools.ReleaseAsync(PoolName, value, cancellationToken).ConfigureAwait(false);
        }
    }
}
